"""Benchmark stacks: a project folder per stack, run by the plain ``pulumi`` CLI as a user runs it.

Each stack gets a fresh folder holding ``Pulumi.yaml`` (``virtualenv`` = this interpreter's
environment), the benchmark program (``benchmarks/program/__main__.py``) and ``numbers.txt``; its
size and kind are stack config (``bench:*``). Commands run through
:class:`plivo_testing.pulumi_cli.PulumiStack`, so the Python language host runs the program and the
provider is what ``pulumi up`` starts for any user.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from plivo_emulator.state.catalog import VERIFICATION_COUNTRIES
from plivo_emulator.state.inventory import Inventory
from plivo_testing.pulumi_cli import PulumiStack

REPO_ROOT = Path(__file__).resolve().parent.parent
PROGRAM = Path(__file__).resolve().parent / "program" / "__main__.py"
PROJECT = "plivo-bench"
PASSPHRASE = "bench-passphrase"
APP_ID = "10000000000000002"  # the emulator's well-known "Voice IVR" application
# Countries whose numbers activate at once (no document review); US first, as most users.
COUNTRY_ORDER = ("US", "CA", "GB", "AU", "IN")

# step -> (argv after `pulumi`, the change every resource must show). `up` skips its preview, as
# the Automation API and CI scripts do; `preview` is what a user types to check for drift.
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "up": (("up", "--yes", "--skip-preview"), "create"),
    "preview_nochange": (("preview",), "same"),
    "up_nochange": (("up", "--yes", "--skip-preview"), "same"),
    "refresh": (("refresh", "--yes", "--skip-preview"), "same"),
    "destroy": (("destroy", "--yes", "--skip-preview"), "delete"),
}


class StepError(RuntimeError):
    """Raised when a step failed or did not report exactly the expected changes."""


def numbers(n: int, seed: int = 0) -> list[str]:
    """``n`` numbers in E.164 form that the emulator (inventory ``seed``) sells and activates at once.

    The emulator's inventory holds about 2,500 such numbers; beyond them the list goes on with
    numbers it does not sell, usable only by the do-nothing provider.
    """
    inventory = Inventory(seed)
    by_country: dict[str, list[str]] = {iso: [] for iso in COUNTRY_ORDER if iso not in VERIFICATION_COUNTRIES}
    for number in inventory.numbers():
        item = inventory.get(number)
        if item is not None and item.country_iso in by_country:
            by_country[item.country_iso].append(number)
    sold = [f"+{number}" for numbers_of in by_country.values() for number in numbers_of]
    return (sold + [f"+1999{index:07}" for index in range(max(0, n - len(sold)))])[:n]


@dataclass(frozen=True)
class Fleet:
    """What a stack declares: ``count`` resources of ``kind`` (``plivo`` or ``noop``) from ``offset``."""

    kind: str
    count: int
    shape: str = "fields:1"
    offset: int = 0
    stack_traces: bool = True  # False: an experiment, see benchmarks/program/__main__.py

    def config(self) -> dict[str, str]:
        return {
            "bench:kind": self.kind,
            "bench:count": str(self.count),
            "bench:offset": str(self.offset),
            "bench:shape": self.shape,
            "bench:appId": APP_ID,
            "bench:stackTraces": str(self.stack_traces).lower(),
        }


def new_stack(
    root: Path,
    fleet: Fleet,
    backend_url: str,
    env: Mapping[str, str],
    stack: str = "bench",
    total: int | None = None,
) -> PulumiStack:
    """A project folder under ``root`` with ``stack`` created and configured (set-up, never timed).

    ``backend_url`` is the state backend (``file://...`` or ``postgres://...``); ``total`` is how
    many numbers ``numbers.txt`` holds (default: just enough for the fleet).
    """
    project = root / "project"
    project.mkdir(parents=True)
    runtime = f"runtime:\n  name: python\n  options:\n    virtualenv: {sys.prefix}\n"
    (project / "Pulumi.yaml").write_text(f"name: {PROJECT}\n{runtime}", encoding="utf-8")
    shutil.copyfile(PROGRAM, project / "__main__.py")
    wanted = total or fleet.offset + fleet.count
    (project / "numbers.txt").write_text("\n".join(numbers(wanted)) + "\n", encoding="utf-8")
    # PYTHONPATH: the program and the provider process import benchmarks.noop from this checkout.
    runner = PulumiStack(project, stack, backend_url, PASSPHRASE, env={**env, "PYTHONPATH": str(REPO_ROOT)})
    runner.select()
    runner.set_all_config(fleet.config())
    return runner


@dataclass(frozen=True)
class Outcome:
    """One timed command: wall seconds and the changes it made (the stack resource left out)."""

    seconds: float
    changes: dict[str, int]


def run_step(runner: PulumiStack, step: str, n: int, *flags: str, bookkeeping: int = 1) -> Outcome:
    """Run ``step`` timed; then check (untimed) that every one of the ``n`` resources did what it must.

    ``bookkeeping``: resources beside the ``n`` that a first ``up`` creates and ``destroy`` deletes:
    the stack, plus ``plivo-stack-identity`` where the fleet declares PhoneNumbers.

    :raises StepError: when the command failed or reported other changes.
    """
    argv, change = STEPS[step]
    started = time.perf_counter()
    run = runner.run(*argv, *flags, check=False)
    seconds = time.perf_counter() - started
    if not run.ok:
        raise StepError(f"{step} (N={n}) exited {run.returncode}: {_essence(run.text)}")
    changes = (
        _preview_changes(run.stdout, n, bookkeeping)
        if step.startswith("preview")
        else _last_changes(runner, n, bookkeeping)
    )
    if changes != {change: n}:
        raise StepError(f"{step} (N={n}): expected {{{change!r}: {n}}}, got {changes}")
    return Outcome(seconds, changes)


def _without_stack(counts: Mapping[str, int], n: int, bookkeeping: int) -> dict[str, int]:
    # The stack (and the stack identity) are created by the first up and deleted by destroy;
    # they are not numbers.
    result = {kind: int(count) for kind, count in counts.items() if count}
    for kind in ("create", "delete", "same"):
        if result.get(kind) == n + bookkeeping:
            result[kind] = n
    return result


def _last_changes(runner: PulumiStack, n: int, bookkeeping: int) -> dict[str, int]:
    history = json.loads(runner.run("stack", "history", "--json", "--page-size", "1").stdout)
    return _without_stack(history[0].get("resourceChanges") or {}, n, bookkeeping)


_SUMMARY = re.compile(r"^\s+(?:[-+~]\s+)?(\d+) (unchanged|to create|to delete|to update|to replace)", re.M)
_PREVIEW_KINDS = {"unchanged": "same", "to create": "create", "to delete": "delete", "to update": "update"}


def _preview_changes(stdout: str, n: int, bookkeeping: int) -> dict[str, int]:
    counts = {_PREVIEW_KINDS.get(word, word): int(count) for count, word in _SUMMARY.findall(stdout)}
    return _without_stack(counts, n, bookkeeping)


def _essence(text: str) -> str:
    # The CLI's progress lines ("creating (0s)") bury the error; keep the lines that explain it.
    lines = [line for line in text.splitlines() if line.strip() and "(0s)" not in line]
    return "\n".join(lines[-25:])
