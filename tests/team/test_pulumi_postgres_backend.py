"""The real Pulumi CLI on the PostgreSQL state backend: shared stacks, and the lock a second run meets.

Only commands that need no language host are used (login, stack init/ls/export/import/rm, config set,
cancel). A second concurrent run is made without ``pulumi up``: a psql session holds a row lock on
the stack's checkpoint, so the first run stops after taking Pulumi's stack lock and before finishing.
"""

from __future__ import annotations

import base64
import json
import os
import select
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

from tests.harness.postgres import PostgresCluster
from tests.harness.waiting import wait_until

from ._teammate import Teammate
from .conftest import TeammateFactory

LOCKED = (
    "the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end "
    "or delete the lock file with `pulumi cancel`."
)


def _rows(cluster: PostgresCluster, like: str) -> dict[str, str]:
    """Keys and decoded contents of the ``pulumi_state`` rows whose key matches ``like``."""
    out = cluster.psql(f"select key || ' ' || (data->>'data') from pulumi_state where key like '{like}'")
    pairs = (line.split(" ", 1) for line in out.splitlines())
    return {key: base64.b64decode(blob).decode() for key, blob in pairs}


def _read_line(stream: IO[str], what: str, timeout: float = 30) -> str:
    """The next line ``stream`` (a child's stdout) prints; the test fails if none comes in ``timeout`` s."""
    if not select.select([stream], [], [], timeout)[0]:
        pytest.fail(f"gave up after {timeout:g} s waiting for {what}")
    return stream.readline()


@contextmanager
def _row_locked(cluster: PostgresCluster, key_like: str) -> Iterator[None]:
    """Hold ``SELECT ... FOR UPDATE`` on the matching rows in an open transaction until the block ends.

    The block starts once psql has the lock: psql runs its input in order, so the line it echoes
    after the ``SELECT`` comes only when the ``SELECT`` has returned.
    """
    connection = ["-h", cluster.host, "-p", str(cluster.port), "-U", cluster.user, "-d", cluster.database]
    holder = subprocess.Popen(
        [str(cluster.bindir / "psql"), "-X", "-q", "-o", os.devnull, *connection],  # rows to /dev/null
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None
    assert holder.stdout is not None
    try:
        holder.stdin.write(f"BEGIN; SELECT key FROM pulumi_state WHERE key LIKE '{key_like}' FOR UPDATE;\n")
        holder.stdin.write("\\echo locked\n")
        holder.stdin.flush()
        assert _read_line(holder.stdout, "the row lock") == "locked\n"
        yield
    finally:
        holder.stdin.write("COMMIT;\n")
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()


@contextmanager
def _killed_on_failure(process: subprocess.Popen[str]) -> Iterator[subprocess.Popen[str]]:
    """Kill ``process`` if the block fails, so a failing test leaves no pulumi behind."""
    try:
        yield process
    except BaseException:
        process.kill()
        process.communicate(timeout=30)
        raise


def _checkpoint(project: str, stack: str) -> str:
    return f"%/.pulumi/stacks/{project}/{stack}.json"


def _locks(project: str, stack: str) -> str:
    return f"%/.pulumi/locks/organization/{project}/{stack}/%"


@contextmanager
def _run_holding_the_lock(
    alice: Teammate, cluster: PostgresCluster
) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """Alice's ``pulumi stack import`` of a new ``dev`` stack, stopped after it took the stack lock.

    Yields the running process and the deployment file it imports; the checkpoint row stays
    locked (so the run cannot finish) until the block ends, and a failing block kills the run.
    """
    alice.run("stack", "init", "dev")
    deployment = alice.checkout / "deployment.json"
    alice.run("stack", "export", "--file", str(deployment))
    with (
        _row_locked(cluster, _checkpoint(alice.project, "dev")),
        _killed_on_failure(alice.start("stack", "import", "--file", str(deployment))) as run,
    ):
        # Pulumi prints nothing while it waits on the row: its lock row in the table is the sign.
        wait_until(lambda: _rows(cluster, _locks(alice.project, "dev")), "alice's stack lock")
        yield run, deployment


def test_stack_state_lands_in_the_pulumi_state_table(
    teammates: TeammateFactory, postgres_cluster: PostgresCluster
) -> None:
    real_credentials = Path.home() / ".pulumi" / "credentials.json"
    before = real_credentials.read_bytes() if real_credentials.exists() else None
    alice = teammates("alice")
    project = alice.project

    alice.run("stack", "init", "dev")
    alice.run("config", "set", "plivo:authId", "MAXXXXXXXXXXXXXXXXXX")
    alice.run("config", "set", "--secret", "plivo:authToken", "s3cr3t-token")

    rows = _rows(postgres_cluster, _checkpoint(project, "dev"))
    assert len(rows) == 1
    checkpoint = json.loads(next(iter(rows.values())))
    assert checkpoint["checkpoint"]["stack"] == f"organization/{project}/dev"
    # Stack config stays in the checkout (commit Pulumi.<stack>.yaml); only its ciphertext is there.
    everything = "\n".join(_rows(postgres_cluster, "%").values())
    assert "s3cr3t-token" not in everything
    stack_file = (alice.checkout / "Pulumi.dev.yaml").read_text()
    assert "secure: v1:" in stack_file
    assert "s3cr3t-token" not in stack_file
    assert (alice.home / "credentials.json").exists()
    assert (real_credentials.read_bytes() if real_credentials.exists() else None) == before


def test_teammates_share_stacks_through_the_backend(teammates: TeammateFactory) -> None:
    alice, bob = teammates("alice"), teammates("bob")
    alice.run("stack", "init", "prod")

    listed = json.loads(bob.run("stack", "ls", "--json").stdout)
    assert [entry["name"] for entry in listed] == ["prod"]
    again = bob.run("stack", "init", "prod", check=False)
    assert again.returncode != 0
    assert "already exists" in again.stderr
    assert json.loads(bob.run("stack", "export", "-s", "prod").stdout) == json.loads(
        alice.run("stack", "export", "-s", "prod").stdout
    )


def test_a_second_run_is_refused_while_the_first_holds_the_lock(
    teammates: TeammateFactory, postgres_cluster: PostgresCluster
) -> None:
    alice, bob = teammates("alice"), teammates("bob")
    project = alice.project
    with _run_holding_the_lock(alice, postgres_cluster) as (first, deployment):
        lock = json.loads(next(iter(_rows(postgres_cluster, _locks(project, "dev")).values())))

        second = bob.run("stack", "import", "-s", "dev", "--file", str(deployment), check=False)

        assert second.returncode != 0
        assert LOCKED in second.stderr
        assert f"(pid {first.pid})" in second.stderr
        assert lock["pid"] == first.pid
        assert "postgres://****:****@" in second.stderr  # the lock's location, credentials masked
        assert first.poll() is None  # alice's run is still going

    output, _ = first.communicate(timeout=60)
    assert first.returncode == 0, output
    assert _rows(postgres_cluster, _locks(project, "dev")) == {}
    bob.run("stack", "import", "-s", "dev", "--file", str(deployment))


def test_a_dead_runs_lock_stays_until_pulumi_cancel(
    teammates: TeammateFactory, postgres_cluster: PostgresCluster
) -> None:
    alice, bob = teammates("alice"), teammates("bob")
    project = alice.project
    with _run_holding_the_lock(alice, postgres_cluster) as (crashed, _):
        crashed.kill()
        crashed.communicate(timeout=30)

    assert len(_rows(postgres_cluster, _locks(project, "dev"))) == 1
    refused = bob.run("stack", "rm", "dev", "--yes", check=False)
    assert refused.returncode != 0
    assert LOCKED in refused.stderr

    cancelled = bob.run("cancel", "dev", "--yes")
    assert "has been canceled" in cancelled.stdout
    assert _rows(postgres_cluster, _locks(project, "dev")) == {}
    bob.run("stack", "rm", "dev", "--yes")
    assert _rows(postgres_cluster, _checkpoint(project, "dev")) == {}
