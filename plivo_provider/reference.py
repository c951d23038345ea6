"""plivo_provider.reference: each resource's reference page, generated from its field table.

As ``tfplugindocs`` does for Terraform providers, the tables of ``docs/reference/<resource>.md``
(inputs, how a change to each is applied, outputs, types) come from the resource's
:class:`~.lifecycle.fields.ResourceSpec` and nowhere else; a test fails when a committed page is stale.

    python -m plivo_provider.reference           # rewrite docs/reference/
    python -m plivo_provider.reference --check   # exit 1 when a page is stale
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .lifecycle.fields import Change, Field, ResourceSpec
from .resources.application import APPLICATION
from .resources.endpoint import ENDPOINT
from .resources.phone_number import PHONE_NUMBER
from .resources.powerpack import POWERPACK
from .resources.trunk import TRUNK

CHANGES = {
    Change.REPLACES: "replaces the resource",
    Change.IN_PLACE: "updated in place",
    Change.PINNED: "recorded only (nothing is sent to Plivo)",
}
"""How a change to an input is applied, as the page says it."""


@dataclass(frozen=True)
class Page:
    """A resource's reference page: its title, type token and what it is."""

    spec: ResourceSpec
    type_token: str
    summary: str

    @property
    def filename(self) -> str:
        return f"{self.spec.name.lower()}.md"


def _cell(text: str) -> str:
    """One table cell: one line, pipes escaped, reST literals as Markdown ones."""
    return " ".join(text.split()).replace("``", "`").replace("|", "\\|")


def _input_row(field: Field) -> str:
    assert field.input is not None
    return f"| `{field.name}` | {_cell(f'`{field.type}`')} | {CHANGES[field.input]} | {_cell(field.doc)} |"


def render(page: Page) -> str:
    """The Markdown of one page: every argument, then every output."""
    spec = page.spec
    arguments = [spec[name] for name in spec.arguments]
    outputs = [f for f in spec.fields if f.output]
    lines = [
        f"# {spec.name}",
        "",
        "<!-- Generated from the field table by `python -m plivo_provider.reference`: do not edit. -->",
        "",
        _cell(page.summary),
        "",
        f"Type: `{page.type_token}`.",
        "",
        "## Inputs",
        "",
        "| input | type | a change | description |",
        "|---|---|---|---|",
        *(_input_row(f) for f in arguments),
        "",
        "## Outputs",
        "",
        "Every output is a typed `pulumi.Output` attribute of the resource.",
        "",
        "| output | type | description |",
        "|---|---|---|",
        *(f"| `{f.name}` | {_cell(f'`{f.type}`')} | {_cell(f.doc)} |" for f in outputs),
        "",
    ]
    return "\n".join(lines)


def pages() -> list[Page]:
    """Every resource's page."""
    return [
        Page(
            PHONE_NUMBER,
            "pulumi-python:dynamic/plivo:PhoneNumber",
            "A Plivo phone number rented by the stack: a specific `number`, or one bought by "
            "criteria starting with `country_iso` (then pinned).",
        ),
        Page(APPLICATION, "pulumi-python:dynamic/plivo:Application", "A Plivo application numbers link to."),
        Page(TRUNK, "pulumi-python:dynamic/plivo:Trunk", "A Zentrunk inbound SIP trunk numbers link to."),
        Page(
            POWERPACK,
            "pulumi-python:dynamic/plivo:Powerpack",
            "A Plivo Powerpack: a messaging pool of numbers with sticky sender and local connect; "
            "numbers join its pool by reference.",
        ),
        Page(
            ENDPOINT,
            "pulumi-python:dynamic/plivo:Endpoint",
            "A Plivo SIP endpoint (a softphone, a desk phone, a PBX user), linked to an application; "
            "its password is a secret, input and output.",
        ),
    ]


def stale(folder: Path) -> list[str]:
    """The pages under ``folder`` that differ from what the field tables generate."""
    return [p.filename for p in pages() if _read(folder / p.filename) != render(p)]


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the resources' reference pages.")
    parser.add_argument("--folder", type=Path, default=Path("docs/reference"))
    parser.add_argument("--check", action="store_true", help="exit 1 when a page is stale; write nothing")
    args = parser.parse_args(argv)
    if args.check:
        outdated = stale(args.folder)
        for name in outdated:
            print(f"stale: {args.folder / name}: run python -m plivo_provider.reference", file=sys.stderr)
        return 1 if outdated else 0
    args.folder.mkdir(parents=True, exist_ok=True)
    for page in pages():
        (args.folder / page.filename).write_text(render(page), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
