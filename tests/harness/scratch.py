"""Scratch Pulumi projects for the e2e and team tiers, run by the plain ``pulumi`` CLI as users run theirs.

A :class:`Program` lists the resources to declare; tests edit it between commands. A
:class:`ScratchStack` is a :class:`~plivo_testing.pulumi_cli.PulumiStack` on a fresh project
folder (``Pulumi.yaml`` naming this test run's virtualenv, plus the program in ``program/``) that
writes the program's current spec before every command.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plivo_testing.pulumi_cli import PulumiStack, Run

PROGRAM = Path(__file__).resolve().parent / "program" / "__main__.py"


class Program:
    """Resources by name: ``Program(line={"number": "+14155550100"})``; edit ``specs`` between runs.

    ``options`` are resource options every resource gets (e.g. ``{"protect": True}``);
    ``opts`` maps a name to options of that resource alone, on top of ``options`` (e.g.
    ``{"aliases": [{"name": "old"}]}``: the program turns ``aliases`` and ``parent`` into Pulumi
    objects); ``kinds`` maps a name to a resource type other than ``PhoneNumber``.
    """

    def __init__(self, **specs: dict[str, Any]) -> None:
        self.specs = specs
        self.options: dict[str, Any] = {}
        self.opts: dict[str, dict[str, Any]] = {}
        self.kinds: dict[str, str] = {}

    def spec(self) -> dict[str, Any]:
        resources = [
            {
                "type": self.kinds.get(name, "PhoneNumber"),
                "name": name,
                "args": args,
                "opts": {**self.options, **self.opts.get(name, {})},
            }
            for name, args in self.specs.items()
        ]
        return {"resources": resources}


def write_project(folder: Path, name: str = "plivo-e2e") -> Path:
    """A project folder whose ``Pulumi.yaml`` uses this interpreter's virtualenv, as ``make`` sets up."""
    folder.mkdir(parents=True, exist_ok=True)
    runtime = f"runtime:\n  name: python\n  options:\n    virtualenv: {sys.prefix}\n"
    (folder / "Pulumi.yaml").write_text(f"name: {name}\n{runtime}", encoding="utf-8")
    shutil.copyfile(PROGRAM, folder / "__main__.py")
    return folder


@dataclass
class ScratchStack(PulumiStack):
    """A stack of a scratch project whose program declares ``program``'s resources."""

    program: Program = field(default_factory=Program)

    def run(self, *args: str, check: bool = True, stack: bool = True, timeout: float | None = None) -> Run:
        self.write_spec()
        return super().run(*args, check=check, stack=stack, timeout=timeout)

    def start(self, *args: str) -> Any:
        self.write_spec()
        return super().start(*args)

    def write_spec(self) -> None:
        text = json.dumps(self.program.spec(), indent=1)
        (self.project_dir / "spec.json").write_text(text, encoding="utf-8")
