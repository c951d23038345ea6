"""End-to-end fixtures: stacks run by the real Pulumi CLI against the emulator, one temp backend each."""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from plivo_emulator.pulumi_cli import find_pulumi

from .scratch import Program, ScratchStack, write_project

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
            env=emu.settings_env() if env is None else env,
            program=program or Program(),
        )
        runner.select()
        if config:
            runner.set_all_config(config, secret=tuple(secret))
        return runner

    return factory


def _provider_processes() -> set[int]:
    """PIDs of running Python dynamic-provider hosts (``python -m pulumi.dynamic``)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if b"pulumi.dynamic" in (entry / "cmdline").read_bytes():
                    found.add(int(entry.name))
            except OSError:
                continue
    return found


@pytest.fixture(autouse=True)
def _no_orphaned_providers() -> Iterator[None]:
    """A provider outliving its `pulumi` (a killed run) must not leak into later tests.

    gRPC binds with SO_REUSEPORT, so a stray provider can share a port with a later engine
    and swallow its calls. Tests that kill `pulumi` must reap what they orphan; this guard
    fails the test that leaks one, and cleans up after it.
    """
    before = _provider_processes()
    yield
    leaked = set()
    for pid in _provider_processes() - before:
        try:
            ppid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == 1:
            leaked.add(pid)
            os.kill(pid, signal.SIGKILL)
    assert not leaked, f"orphaned provider processes left behind: {sorted(leaked)}"
