"""Every relative link in the user docs points at a file of the repository, and at a heading of it
when it names one (``page.md#anchor``, with GitHub's anchors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.markdown_docs import anchors, relative_links, slug

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
PAGES = (
    "README.md",
    "CHANGELOG.md",
    "docs/**/*.md",
    "benchmarks/README.md",
    "examples/**/*.md",
    "plivo_emulator/README.md",
)


def pages(root: Path) -> list[Path]:
    """The Markdown files the docs are made of, each once."""
    return sorted({page for pattern in PAGES for page in root.glob(pattern)})


def broken_links(page: Path, root: Path) -> list[str]:
    """One line per link of ``page`` that leads nowhere: a missing file, a path outside ``root``,
    or an anchor that no heading of the target Markdown page has."""
    broken: list[str] = []
    for number, target in relative_links(page.read_text(encoding="utf-8")):
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        where = f"{page.relative_to(root)}:{number}: {target}"
        if not file.is_relative_to(root.resolve()) or not file.exists():
            broken.append(f"{where}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file.read_text(encoding="utf-8")):
            broken.append(f"{where}: no heading with this anchor in {file.relative_to(root.resolve())}")
    return broken


def test_the_docs_are_all_found() -> None:
    found = {page.relative_to(ROOT).as_posix() for page in pages(ROOT)}
    assert {"README.md", "docs/teams.md", "docs/reference/trunk.md", "plivo_emulator/README.md"} <= found
    assert "examples/ci/README.md" in found


@pytest.mark.parametrize("page", pages(ROOT), ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(page: Path) -> None:
    assert broken_links(page, ROOT) == []


def test_a_missing_file_and_a_missing_anchor_are_reported(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "b.md").write_text("# B\n\n## Real heading\n", encoding="utf-8")
    page = tmp_path / "docs" / "a.md"
    page.write_text(
        "# A\n\n[ok](b.md#real-heading) [self](#a) [web](https://example.com/x.md)\n"
        "[gone](c.md) [anchor](b.md#no-such) [up](../../outside.md) `[code](nowhere.md)`\n"
        "```console\n[fenced](nowhere.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page, tmp_path) == [
        "docs/a.md:4: c.md: no such file",
        "docs/a.md:4: b.md#no-such: no heading with this anchor in docs/b.md",
        "docs/a.md:4: ../../outside.md: no such file",
    ]


def test_anchors_follow_github() -> None:
    # Slugs as GitHub renders these headings of this repository's docs.
    assert slug("Stacks per environment") == "stacks-per-environment"
    assert slug("`plivo:apiUrl`") == "plivoapiurl"
    assert (
        slug("Rotating the token (or changing any setting) for `refresh` and `destroy`")
        == "rotating-the-token-or-changing-any-setting-for-refresh-and-destroy"
    )
    assert slug("Floors (`benchmarks/floors.py`)") == "floors-benchmarksfloorspy"
    assert anchors("# Inputs\n\n## Inputs\n\n```text\n# not a heading\n```\n") == {"inputs", "inputs-1"}
