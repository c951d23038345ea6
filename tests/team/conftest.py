"""Team tier fixtures: a private PostgreSQL cluster standing in for a team's shared Pulumi state backend."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from plivo_testing.pulumi_cli import kill_and_wait, processes_in, still_running
from tests.harness.postgres import PostgresCluster, PostgresUnavailable, find_bindir
from tests.harness.scratch import Program, ScratchStack, write_project

from ._teammate import Teammate, find_pulumi

TeammateFactory = Callable[[str], Teammate]
MachineFactory = Callable[..., ScratchStack]
PASSPHRASE = "team-passphrase"


@pytest.fixture(scope="session")
def postgres_bindir() -> Path:
    """Where PostgreSQL's binaries are; tests that need them skip (one line, naming the install) without."""
    try:
        return find_bindir()
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def postgres_cluster(postgres_bindir: Path) -> Iterator[PostgresCluster]:
    """One cluster for the whole session."""
    with PostgresCluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def postgres_backend(postgres_cluster: PostgresCluster) -> str:
    """The cluster's ``postgres://`` URL, ready for ``pulumi login``."""
    return postgres_cluster.url


@pytest.fixture(scope="session")
def pulumi_exe() -> Path:
    """The ``pulumi`` binary; the tests that need it are skipped when it has not been built."""
    found = find_pulumi()
    if found is None:
        pytest.skip("Pulumi CLI not found: run `make cli` (scripts/ensure-pulumi.sh)")
    return found


@pytest.fixture
def teammates(pulumi_exe: Path, postgres_backend: str, tmp_path: Path) -> TeammateFactory:
    """``teammates(name)`` builds a logged-in teammate; one test's teammates share a fresh project."""
    project = f"team-{uuid.uuid4().hex[:8]}"
    return lambda name: Teammate(pulumi_exe, tmp_path / name, project, postgres_backend).login()


@pytest.fixture
def machines(emu: Any, pulumi_exe: Path, postgres_backend: str, tmp_path: Path) -> Iterator[MachineFactory]:
    """``machines(name, program, stack="dev")``: a stack of this test's project on the shared backend,
    run by the plain CLI from its own checkout with its own ``PULUMI_HOME`` (one machine each).

    Every machine of a test shares the project (a fresh name per test), the passphrase and the
    emulator account. After the test no process may still run in a checkout: the plugins of a
    killed run must have been reaped (they are killed here, and the test fails).
    """
    project = f"team-{uuid.uuid4().hex[:8]}"

    def factory(
        name: str, program: Program, *, stack: str = "dev", env: dict[str, str] | None = None
    ) -> ScratchStack:
        home = tmp_path / name / "pulumi-home"
        home.mkdir(parents=True)
        return ScratchStack(
            write_project(tmp_path / name / "checkout", project),
            stack,
            backend_url=postgres_backend,
            passphrase=PASSPHRASE,
            env={**emu.env(), "PULUMI_HOME": str(home), **(env or {})},
            pulumi=pulumi_exe,
            program=program,
        )

    yield factory
    leftover = still_running(processes_in(tmp_path), grace=10)
    kill_and_wait(leftover)
    assert not leftover, f"processes left running in the test's checkouts: {leftover}"
