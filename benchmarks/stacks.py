"""Stacks for the benchmarks: a fresh project and file backend per repetition, run by the real CLI.

Every stack goes through :class:`plivo_provider.automation.StackRunner` in inline mode, the same
path ``make demo`` and the end-to-end tests use (there is no Python language host on this machine).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plivo_provider.automation import StackRunner

from .emulator import APP_ID, numbers

REPO_ROOT = Path(__file__).resolve().parent.parent
PROJECT = "plivo-bench"
STACK = "bench"
PASSPHRASE = "bench-passphrase"
PROVIDER_MODULE = "pulumi.dynamic"

Program = Callable[[], None]


def plivo_program(n: int) -> Program:
    """N PhoneNumbers, each linked to the voice app, no alias."""

    def program() -> None:
        from plivo_provider import PhoneNumber

        for index, number in enumerate(numbers(n)):
            PhoneNumber(f"number-{index}", number=number, app_id=APP_ID)

    return program


def noop_program(n: int) -> Program:
    """The same shape (names, inputs) with the do-nothing provider."""

    def program() -> None:
        from .noop import Noop

        for index, number in enumerate(numbers(n)):
            Noop(f"number-{index}", number=number, app_id=APP_ID)

    return program


def new_stack(root: Path, program: Program, env: Mapping[str, str]) -> StackRunner:
    """A new project directory and file backend under ``root``, with the stack already created.

    ``stack init`` happens here, outside any timed region: it is set-up, not part of ``up``.
    """
    project = root / "project"
    backend = root / "backend"
    project.mkdir(parents=True)
    backend.mkdir()
    (project / "Pulumi.yaml").write_text(f"name: {PROJECT}\nruntime: python\n", encoding="utf-8")
    runner = StackRunner(
        project,
        STACK,
        backend_url=f"file://{backend}",
        # PYTHONPATH: the provider process must import benchmarks.noop whatever its cwd.
        env={**env, "PYTHONPATH": str(REPO_ROOT)},
        program=program,
        mode="inline",
        passphrase=PASSPHRASE,
    )
    runner.stack_handle()
    return runner


@dataclass(frozen=True)
class Outcome:
    """What one CLI operation did: the changes it reports (without the stack resource itself)."""

    changes: dict[str, int]
    started: float
    finished: float


def _without_stack(counts: Mapping[str, int] | None, n: int) -> dict[str, int]:
    # The stack resource is created with the first up and deleted by destroy; it is not a number.
    result = dict(counts or {})
    for kind in ("create", "delete", "same"):
        if result.get(kind) == n + 1:
            result[kind] = n
    return {kind: count for kind, count in result.items() if count}


def run_operation(runner: StackRunner, operation: str, n: int) -> Outcome:
    """Run ``up``, ``preview``, ``refresh`` or ``destroy``; raise when it failed or did something else."""
    started = time.time()
    result: Any = getattr(runner, operation)()
    finished = time.time()
    if operation == "preview":
        counts = result.change_summary
    else:
        if result.summary.result != "succeeded":
            raise RuntimeError(f"{operation} ended with {result.summary.result!r}")
        counts = result.summary.resource_changes
    return Outcome(_without_stack(counts, n), started, finished)
