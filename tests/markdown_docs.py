"""The repository's Markdown as GitHub reads it: headings and their anchors, sections, fenced blocks,
relative links.

Shared by the docs link check (tests/unit/test_docs_links.py) and the test that runs the docs'
console and python blocks (tests/e2e/test_readme.py), so both agree on what a heading and a
section are. Only the subset of CommonMark these docs use is understood: ``#`` headings, fenced
code with backticks or tildes, inline code, inline links and images, and reference definitions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
# [text](target) and ![alt](target), with an optional "title"; <target> may hold spaces.
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Line:
    """One line of a page. ``in_code``: inside a fenced code block, its fences included;
    ``fence``: "open" or "close" on a fence line, else ""; ``info``: an opening fence's language."""

    number: int
    text: str
    in_code: bool
    fence: str = ""
    info: str = ""


def lines(text: str) -> Iterator[Line]:
    """Every line of ``text``, marking fenced code blocks and their fences."""
    fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        marker = FENCE.match(line)
        if fence:
            # A closing fence: the opening's character, at least as many, and nothing after them.
            closes = marker is not None and marker.group(1).startswith(fence)
            closes = closes and not line.strip().strip(fence[0])
            yield Line(number, line, in_code=True, fence="close" if closes else "")
            fence = "" if closes else fence
        elif marker:
            fence = marker.group(1)
            yield Line(number, line, in_code=True, fence="open", info=line.strip()[len(fence) :].strip())
        else:
            yield Line(number, line, in_code=False)


def headings(text: str) -> Iterator[tuple[int, str, Line]]:
    """(level, title as written, line) of every heading outside code blocks."""
    for line in lines(text):
        match = None if line.in_code else HEADING.match(line.text)
        if match:
            yield len(match.group(1)), match.group(2), line


def slug(title: str) -> str:
    """The anchor GitHub gives a heading: its text lower-cased, punctuation dropped, spaces to '-'.

    Inline code keeps its text, a link keeps its text, emphasis marks go; then every character
    that is not a letter, digit, '_', '-' or space is removed (github-slugger's rule).
    """
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title)
    text = re.sub(r"<[^>]+>", "", text).replace("`", "").replace("*", "")
    kept = "".join(char for char in text.lower() if char.isalnum() or char in "_- ")
    return kept.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every heading anchor of a page; a repeated slug gets -1, -2, ... as on GitHub."""
    seen: dict[str, int] = {}
    found: set[str] = set()
    for _, title, _ in headings(text):
        base = slug(title)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def section(text: str, title: str) -> str | None:
    """The body of the first heading titled ``title``, up to the next heading of its level or
    higher; None when the page has no such heading."""
    level = 0
    body: list[str] = []
    for line in lines(text):
        match = None if line.in_code else HEADING.match(line.text)
        if match and level and len(match.group(1)) <= level:
            break
        if level:
            body.append(line.text)
        elif match and match.group(2) == title:
            level = len(match.group(1))
    return "\n".join(body) + "\n" if level else None


def fenced_blocks(text: str, language: str) -> list[str]:
    """The contents of the fenced blocks tagged ``language`` in ``text``, in order."""
    blocks: list[str] = []
    current: list[str] | None = None
    for line in lines(text):
        if line.fence == "open":
            current = [] if line.info.split(" ")[0] == language else None
        elif line.fence == "close":
            if current is not None:
                blocks.append("".join(f"{row}\n" for row in current))
            current = None
        elif current is not None:
            current.append(line.text)
    return blocks


def relative_links(text: str) -> Iterator[tuple[int, str]]:
    """(line number, target) of every link and image outside code that is not a URL with a
    scheme (``https:``, ``mailto:``): the links that must resolve inside the repository."""
    for line in lines(text):
        if line.in_code:
            continue
        prose = CODE_SPAN.sub("", line.text)
        targets = [match.group(1) for match in INLINE_LINK.finditer(prose)]
        definition = REFERENCE_DEFINITION.match(prose)
        if definition:
            targets.append(definition.group(1))
        for target in targets:
            target = target.strip("<>")
            if not SCHEME.match(target):
                yield line.number, target
