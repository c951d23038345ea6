"""Team tier fixtures: a private PostgreSQL cluster standing in for a team's shared Pulumi state backend."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from plivo_emulator.postgres import PostgresCluster, PostgresUnavailable, find_bindir

from ._teammate import Teammate, find_pulumi

TeammateFactory = Callable[[str], Teammate]


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
