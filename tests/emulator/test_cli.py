"""The command line: --help, the URL line, clean exits on SIGTERM/SIGINT, and no leaked token."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
import requests

from plivo_emulator import WELL_KNOWN_APPS, WELL_KNOWN_NUMBERS

from ._client import TIMEOUT, Api
from ._process import ROOT, start_emulator, stop

pytestmark = pytest.mark.emulator

FLAGS = (
    "--host",
    "--port",
    "--auth-id",
    "--auth-token",
    "--state",
    "--seed",
    "--rate-limit",
    "--latency-ms",
    "--error-rate",
    "--drop-after-commit",
    "--verify-after",
)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plivo_emulator", *args], cwd=ROOT, capture_output=True, text=True, timeout=30
    )


def test_help_documents_flags_control_api_and_well_known_data() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for needle in (
        *FLAGS,
        "/__emulator__/faults",
        "/__emulator__/reset",
        *WELL_KNOWN_APPS.values(),
        *WELL_KNOWN_NUMBERS,
        "14155550100-14155550199",
    ):
        assert needle in result.stdout, needle


@pytest.mark.parametrize(
    "args", [("--rate-limit", "lots"), ("--error-rate", "2"), ("--port", "-1"), ("--nope",)]
)
def test_bad_flags_exit_2(args: tuple[str, ...]) -> None:
    assert run_cli(*args).returncode == 2


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serves_then_exits_cleanly_on_signal(signum: int) -> None:
    proc, url = start_emulator("--auth-id", "MACLITEST00000000001", "--auth-token", "s3cret-cli-token")
    try:
        assert requests.get(url + "/__emulator__/health", timeout=TIMEOUT).json() == {"ok": True}
        api = Api(url, "MACLITEST00000000001", "s3cret-cli-token")
        assert api.get("Number/").status_code == 200
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=15)
    finally:
        stop(proc)
    assert proc.returncode == 0
    assert out == ""  # the URL line was already consumed; nothing else is printed
    assert "s3cret-cli-token" not in out + err


def test_seed_flag_changes_generated_numbers_only() -> None:
    proc_a, url_a = start_emulator("--seed", "1")
    proc_b, url_b = start_emulator("--seed", "2")
    try:
        a, b = Api(url_a), Api(url_b)
        params = {"country_iso": "GB", "type": "mobile", "limit": 5}
        assert (
            a.get("PhoneNumber/", params=params).json()["objects"]
            != b.get("PhoneNumber/", params=params).json()["objects"]
        )
        assert a.buy("14155559186").status_code == b.buy("14155559186").status_code == 201
    finally:
        stop(proc_a)
        stop(proc_b)
