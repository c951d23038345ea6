"""End-to-end fixtures: stacks run by the real Pulumi CLI against the emulator, one temp backend each."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from plivo_testing.pulumi_cli import find_pulumi, kill_and_wait, processes_in, still_running
from tests.harness.scratch import Program, ScratchStack, write_project

PASSPHRASE = "e2e-passphrase"


@pytest.fixture(scope="session", autouse=True)
def pulumi_cli() -> Path:
    """The CLI, its Python language host and dynamic-provider shim: all three, or the tier fails."""
    try:
        bin_dir = find_pulumi().parent
    except FileNotFoundError as exc:
        pytest.fail(f"{exc} (scripts/ensure-pulumi.sh)")
    for plugin in ("pulumi-resource-pulumi-python", "pulumi-language-python"):
        if not (bin_dir / plugin).exists():
            pytest.fail(f"{plugin} is missing next to {bin_dir}/pulumi: run `make cli`")
    return bin_dir


StackFactory = Callable[..., ScratchStack]


@pytest.fixture
def make_stack(emu: Any, tmp_path: Path) -> StackFactory:
    """Build a stack of a fresh scratch project: ``make_stack(Program(...), config={...}, env={...})``.

    The stack is created (``pulumi stack select --create``) on a temporary file backend. By
    default credentials reach the provider through ``PLIVO_*`` variables; pass ``config`` (with
    ``secret=``) to exercise stack config instead.
    """
    backend = tmp_path / "backend"
    backend.mkdir()
    counter = iter(range(100))

    def factory(
        program: Program | None = None,
        *,
        config: dict[str, str] | None = None,
        secret: frozenset[str] = frozenset(),
        env: dict[str, str] | None = None,
        stack: str | None = None,
    ) -> ScratchStack:
        runner = ScratchStack(
            write_project(tmp_path / f"project-{next(counter)}"),
            stack or f"t-{uuid.uuid4().hex[:8]}",
            backend_url=f"file://{backend}",
            passphrase=PASSPHRASE,
            env=emu.env() if env is None else env,
            program=program or Program(),
        )
        runner.select()
        if config:
            runner.set_all_config(config, secret=tuple(secret))
        return runner

    return factory


@pytest.fixture(autouse=True)
def _no_leftover_processes(tmp_path: Path) -> Iterator[None]:
    """No process may outlive a test in its project folders (a killed run's plugins, say).

    gRPC binds with SO_REUSEPORT, so a stray provider can share a port with a later engine
    and swallow its calls. Tests that kill `pulumi` must reap what they orphan; this guard
    fails the test that leaks one, and cleans up after it. It looks only below the test's own
    folder, so tests running in parallel never see each other's processes.
    """
    yield
    leftover = still_running(processes_in(tmp_path), grace=10)
    kill_and_wait(leftover)
    assert not leftover, f"processes left running in the test's project folders: {leftover}"
