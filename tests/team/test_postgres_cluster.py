"""PostgresCluster: starts, accepts connections, and leaves no process or directory behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from plivo_testing.pulumi_cli import stat_fields
from tests.harness import postgres
from tests.harness.postgres import PostgresCluster, PostgresError, PostgresUnavailable


def _alive(pid: int) -> bool:
    """True while ``pid`` runs; a zombie nobody has reaped yet counts as gone."""
    try:
        fields = stat_fields(pid)
    except OSError:
        return False
    return fields[0] != "Z"


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline and _alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def test_url_names_the_database_on_loopback(postgres_backend: str, postgres_cluster: PostgresCluster) -> None:
    assert postgres_backend == (
        f"postgres://postgres@127.0.0.1:{postgres_cluster.port}/pulumi?sslmode=disable"
    )
    assert postgres_cluster.port > 0


def test_cluster_accepts_connections(postgres_cluster: PostgresCluster) -> None:
    assert postgres_cluster.psql("select current_database() || ' ' || current_user") == "pulumi postgres"
    assert postgres_cluster.psql("show listen_addresses") == "127.0.0.1"
    assert postgres_cluster.running


def test_psql_errors_carry_the_server_message(postgres_cluster: PostgresCluster) -> None:
    with pytest.raises(PostgresError, match="no_such_table"):
        postgres_cluster.psql("select * from no_such_table")


def test_stop_leaves_no_process_and_no_directory(postgres_bindir: Path) -> None:
    cluster = PostgresCluster().start()
    root, pid = cluster.root, cluster.pid
    assert root is not None
    assert pid is not None
    assert root.is_dir()
    assert _alive(pid)
    assert _processes_mentioning(str(root))

    cluster.stop()

    assert not root.exists()
    assert not _alive(pid)
    assert _processes_mentioning(str(root)) == []
    assert not cluster.running
    cluster.stop()  # a second stop is a no-op


def test_context_manager_stops_when_the_body_raises(postgres_bindir: Path) -> None:
    seen: list[tuple[Path | None, int | None]] = []

    def body() -> None:
        with PostgresCluster() as cluster:
            seen.append((cluster.root, cluster.pid))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        body()
    root, pid = seen[0]
    assert root is not None
    assert pid is not None
    assert not root.exists()
    assert not _alive(pid)


def test_failed_start_reports_the_server_log_and_cleans_up(
    monkeypatch: pytest.MonkeyPatch, postgres_bindir: Path
) -> None:
    monkeypatch.setattr(postgres, "_SERVER_SETTINGS", ("no_such_setting=1",))
    cluster = PostgresCluster()
    with pytest.raises(PostgresError, match='unrecognized configuration parameter "no_such_setting"'):
        cluster.start()
    assert cluster.root is None
    assert _processes_mentioning("no_such_setting") == []


def test_missing_binaries_name_the_install_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(postgres, "_DEBIAN_BINDIRS", str(tmp_path / "*" / "bin"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PostgresUnavailable, match="apt-get install -y postgresql"):
        PostgresCluster()


def test_newest_debian_version_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for version in ("9.6", "15", "13"):
        bindir = tmp_path / version / "bin"
        bindir.mkdir(parents=True)
        for tool in ("initdb", "pg_ctl", "postgres", "createdb", "psql"):
            (bindir / tool).touch(mode=0o755)
    monkeypatch.setattr(postgres, "_DEBIAN_BINDIRS", str(tmp_path / "*" / "bin"))
    assert postgres.find_bindir() == tmp_path / "15" / "bin"


@pytest.mark.skipif(os.geteuid() != 0, reason="the server account is switched only when running as root")
def test_starts_as_root_when_path_leaves_out_the_sbin_folders(
    postgres_bindir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A CI runner's or login shell's PATH often has no /usr/sbin, where util-linux puts runuser.
    monkeypatch.setenv("PATH", "/usr/local/bin:/usr/bin:/bin")
    with PostgresCluster() as cluster:
        assert cluster.psql("select 1") == "1"
