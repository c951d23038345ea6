"""Durability of --state: kill -9 mid-stream loses nothing acknowledged; a restart restores everything."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from plivo_emulator import WELL_KNOWN_BLOCKS, EmulatorServer
from plivo_emulator.testing import EmulatorClient, EmulatorProcess

pytestmark = pytest.mark.emulator

EXPECTED = {"buy": 201, "alias": 202, "delete": 204}
PURCHASES_BEFORE_KILL = 12
WORKERS = 8


def plan(index: int) -> list[str]:
    """Operations for the index-th number: buy, three renames and, for every other number, a release."""
    ops = ["buy", "alias:1", "alias:2", "alias:3"]
    return [*ops, "delete"] if index % 2 == 0 else ops


def state_after(ops: list[str], done: int) -> tuple[bool, str | None]:
    """(owned, alias) once the first ``done`` operations have been applied."""
    owned, alias = False, None
    for op in ops[:done]:
        if op == "buy":
            owned, alias = True, None
        elif op == "delete":
            owned = False
        else:
            alias = "v" + op.split(":")[1]
    return owned, alias if owned else None


class Ledger:
    """What each worker attempted and what the server acknowledged, per number."""

    def __init__(self, numbers: list[str]) -> None:
        self.acked = dict.fromkeys(numbers, 0)
        self.attempted = dict.fromkeys(numbers, 0)
        self.unexpected: list[str] = []
        self.total = 0
        self.lock = threading.Lock()

    def ack(self, number: str, done: int) -> None:
        with self.lock:
            self.acked[number] = done
            self.total += 1


def apply(api: EmulatorClient, number: str, op: str) -> requests.Response:
    if op == "buy":
        return api.buy(number)
    if op == "delete":
        return api.api("DELETE", f"Number/{number}/")
    return api.api("POST", f"Number/{number}/", {"alias": "v" + op.split(":")[1]})


def work(api: EmulatorClient, items: list[tuple[int, str]], ledger: Ledger) -> None:
    for index, number in items:
        for done, op in enumerate(plan(index), start=1):
            ledger.attempted[number] = done
            try:
                response = apply(api, number, op)
            except requests.RequestException:
                return  # the server is gone: this op may or may not have committed
            if response.status_code != EXPECTED[op.split(":")[0]]:
                ledger.unexpected.append(f"{op} {number}: {response.status_code} {response.text}")
                return
            ledger.ack(number, done)


def current_state(api: EmulatorClient, number: str) -> tuple[bool, str | None]:
    response = api.api("GET", f"Number/{number}/")
    assert response.status_code in (200, 404), response.text
    return (True, response.json()["alias"]) if response.status_code == 200 else (False, None)


def test_kill_9_mid_stream_loses_nothing_acknowledged(tmp_path: Path) -> None:
    state = str(tmp_path / "state.db")
    numbers = WELL_KNOWN_BLOCKS["us_san_francisco_local"].numbers()[:40]
    ledger = Ledger(numbers)
    with EmulatorProcess("--state", state, "--rate-limit", "0") as emulator:
        api = emulator.client()
        app_id = api.api("POST", "Application/", {"app_name": "durable"}).json()["app_id"]
        api.hold_after_purchases(PURCHASES_BEFORE_KILL)
        items = list(enumerate(numbers))
        threads = [
            threading.Thread(target=work, args=(api, items[i::WORKERS], ledger)) for i in range(WORKERS)
        ]
        for thread in threads:
            thread.start()
        api.wait_held(timeout=30)  # PURCHASES_BEFORE_KILL bought; every later request is held
        emulator.kill()
        for thread in threads:
            thread.join(timeout=30)
    assert ledger.unexpected == []
    assert ledger.total >= PURCHASES_BEFORE_KILL - 1  # the last purchase's answer may be lost
    planned = sum(len(plan(i)) for i in range(len(numbers)))
    assert sum(ledger.attempted.values()) < planned  # the kill really landed mid-stream

    with EmulatorProcess("--state", state, "--rate-limit", "0") as emulator:
        api = emulator.client()
        for index, number in enumerate(numbers):
            ops = plan(index)
            allowed = {state_after(ops, ledger.acked[number]), state_after(ops, ledger.attempted[number])}
            assert current_state(api, number) in allowed, number
        assert api.api("GET", f"Application/{app_id}/").json()["app_name"] == "durable"


def test_restart_restores_accounts_apps_trunks_and_numbers(tmp_path: Path) -> None:
    state = str(tmp_path / "state.db")
    with EmulatorProcess("--state", state, "--seed", "3") as emulator:
        api = emulator.client()
        sub = api.api("POST", "Subaccount/", {"name": "kept", "enabled": True}).json()
        trunk_id = api.api("POST", "Zentrunk/Trunk/", {"name": "kept"}).json()["trunk_id"]
        api.buy("14155550150", object_type="trunk", object_id=trunk_id)
        api.as_account(sub["auth_id"], sub["auth_token"]).buy("442079460050")
        api.buy("493090182050")
        assert emulator.stop() == 0

    with EmulatorProcess("--state", state, "--seed", "3") as emulator:
        api = emulator.client()
        assert api.api("GET", "Number/14155550150/").json()["object_id"] == trunk_id
        assert api.api("GET", "Number/493090182050/").json()["compliance_status"] == "pending"
        sub_api = api.as_account(sub["auth_id"], sub["auth_token"])
        assert [o["number"] for o in sub_api.api("GET", "Number/").json()["objects"]] == ["442079460050"]
        search = api.api("GET", "PhoneNumber/", params={"country_iso": "US", "pattern": "4155550150"}).json()
        assert search["objects"] == []
        assert api.api("GET", f"Zentrunk/Trunk/{trunk_id}/").status_code == 200


@pytest.fixture
def lax_umask() -> Iterator[None]:
    """A umask that leaves new files world-readable, as many shells have it (022)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _modes(folder: Path) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}


def _bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir())


@pytest.mark.usefixtures("lax_umask")
def test_the_state_file_is_private_and_holds_no_main_account_token(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    start_token, added_token = "state-canary-start-6b1e", "state-canary-added-93c4"
    with EmulatorServer(state_path=str(state), auth_token=start_token, rate_limit="0") as server:
        other = server.client().add_account(auth_token=added_token)
        assert other.buy("14155550100").status_code == 201  # a write: the WAL and its index exist
        modes, stored = _modes(tmp_path), _bytes(tmp_path)
    assert modes == {"state.db": 0o600, "state.db-wal": 0o600, "state.db-shm": 0o600}
    assert start_token.encode() not in stored
    assert added_token.encode() not in stored
    with EmulatorServer(state_path=str(state), auth_token=start_token, rate_limit="0") as server:
        client = server.client()
        assert client.api("GET", "Number/").status_code == 200
        assert client.as_account(other.auth_id, added_token).api("GET", "Number/").status_code == 200
        assert client.as_account(other.auth_id, start_token).api("GET", "Number/").status_code == 401
    assert added_token.encode() not in _bytes(tmp_path)


@pytest.mark.usefixtures("lax_umask")
def test_an_existing_world_readable_state_file_is_made_private(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    with EmulatorServer(state_path=str(state), rate_limit="0") as server:
        assert server.client().buy("14155550100").status_code == 201
    for path in tmp_path.iterdir():
        path.chmod(0o644)  # e.g. made by an older emulator
    with EmulatorServer(state_path=str(state), rate_limit="0") as server:
        assert server.client().buy("14155550101").status_code == 201
        modes = _modes(tmp_path)
    assert modes
    assert set(modes.values()) == {0o600}, modes


def test_an_older_state_file_is_rewritten_without_clear_tokens(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    old_token = "old-canary-main-52aa"
    with EmulatorServer(state_path=str(state), rate_limit="0") as server:
        other = server.client().add_account(auth_token=old_token)
        sub = other.api("POST", "Subaccount/", {"name": "kept", "enabled": True}).json()
    # Rewrite the accounts as an older emulator stored them: the token as given, no digest.
    with sqlite3.connect(state) as db:
        for auth_id, record in db.execute("SELECT auth_id, record FROM accounts").fetchall():
            data = json.loads(record)
            del data["token_hash"]
            if auth_id == other.auth_id:
                data["auth_token"] = old_token
            db.execute("UPDATE accounts SET record = ? WHERE auth_id = ?", (json.dumps(data), auth_id))
    db.close()
    assert old_token.encode() in _bytes(tmp_path)
    with EmulatorServer(state_path=str(state), rate_limit="0") as server:
        client = server.client()
        again = client.as_account(other.auth_id, old_token)
        assert again.api("GET", "Number/").status_code == 200
        sub_client = client.as_account(sub["auth_id"], sub["auth_token"])
        assert sub_client.api("GET", "Number/").status_code == 200
        assert again.api("GET", f"Subaccount/{sub['auth_id']}/").json()["auth_token"] == sub["auth_token"]
        assert client.api("GET", "Number/").status_code == 200
    assert old_token.encode() not in _bytes(tmp_path)
