"""The command line: --help, the URL line, clean exits on SIGTERM/SIGINT, no leaked token, and the
one-line message when the [emulator] extra is missing."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

import plivo_emulator.__main__ as cli
from plivo_emulator import WELL_KNOWN_APPS, WELL_KNOWN_NUMBERS
from plivo_emulator.loopback import http_url
from plivo_emulator.state.directory import AUTH_TOKEN_VARIABLE
from plivo_emulator.testing import TIMEOUT, EmulatorProcess, EmulatorStartError

pytestmark = pytest.mark.emulator

ROOT = Path(__file__).resolve().parents[2]
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
    "--allow-host",
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
        "/__emulator__/hold",
        "/__emulator__/stats",
        *WELL_KNOWN_APPS.values(),
        *WELL_KNOWN_NUMBERS,
        "14155550100-14155550199",
    ):
        assert needle in result.stdout, needle


@pytest.mark.parametrize(
    "args",
    [
        ("--rate-limit", "lots"),
        ("--rate-limit", "300/5m"),
        ("--error-rate", "2"),
        ("--port", "-1"),
        ("--nope",),
    ],
)
def test_bad_flags_exit_2(args: tuple[str, ...]) -> None:
    assert run_cli(*args).returncode == 2


@pytest.mark.parametrize("limit", ["300/5", "300/5s", "0"])
def test_rate_limit_takes_plivos_own_notation(limit: str) -> None:
    # --help exits 0 only if the flags before it parsed.
    assert run_cli("--rate-limit", limit, "--help").returncode == 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serves_then_exits_cleanly_on_signal(signum: int) -> None:
    with EmulatorProcess(auth_id="MACLITEST00000000001", auth_token="s3cret-cli-token") as emulator:
        assert requests.get(emulator.url + "/__emulator__/health", timeout=TIMEOUT).json() == {"ok": True}
        assert emulator.client().api("GET", "Number/").status_code == 200
        emulator.process.send_signal(signum)  # type: ignore[union-attr]
        assert emulator.process.wait(timeout=15) == 0  # type: ignore[union-attr]
        out, err = emulator.output()
    assert out == ""  # nothing is printed after the URL line
    assert "s3cret-cli-token" not in out + err


def test_the_token_flag_is_honoured_and_never_printed() -> None:
    with EmulatorProcess("--auth-token", "flag-token-1", auth_token="flag-token-1") as emulator:
        assert emulator.client().api("GET", "Number/").status_code == 200
        assert emulator.stop() == 0
        out, err = emulator.output()
    assert "flag-token-1" not in out + err


def test_the_token_flag_warns_that_ps_shows_it() -> None:
    with EmulatorProcess("--auth-token", "flag-token-2", auth_token="flag-token-2") as flagged:
        assert flagged.stop() == 0
        _, flagged_err = flagged.output()
    with EmulatorProcess(auth_token="env-token-2") as quiet:
        assert quiet.stop() == 0
        _, quiet_err = quiet.output()
    (line,) = flagged_err.splitlines()
    assert "--auth-token" in line
    assert "ps" in line
    assert AUTH_TOKEN_VARIABLE in line
    assert "flag-token-2" not in flagged_err
    assert quiet_err == ""


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc (Linux)")
def test_the_harness_keeps_the_token_off_the_command_line() -> None:
    with EmulatorProcess(auth_token="argv-canary-7d1f04") as emulator:
        cmdline = Path(f"/proc/{emulator.pid}/cmdline").read_bytes()
        assert emulator.client().api("GET", "Number/").status_code == 200
    assert b"plivo_emulator" in cmdline  # it is the emulator's command line
    assert b"argv-canary-7d1f04" not in cmdline


def _ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine has no IPv6 loopback")
@pytest.mark.parametrize("host", ["::1", "[::1]"])
def test_an_ipv6_emulator_prints_and_returns_a_bracketed_url(host: str) -> None:
    with EmulatorProcess("--host", host) as emulator:
        port = emulator.url.rsplit(":", 1)[1]
        assert emulator.url == f"http://[::1]:{port}"
        assert emulator.client().api("GET", "Number/").status_code == 200
        assert emulator.client().health()
        assert emulator.stop() == 0
        _, err = emulator.output()
    assert err == ""  # ::1 is loopback: no warning


class _Unbound:
    """Stands in for EmulatorServer in ``main()``: it never binds, and its start() asks main() to
    stop at once (SIGTERM, as a user would), so main() prints its lines and returns."""

    def __init__(self, host: str, port: int, *args: Any, **kwargs: Any) -> None:
        self.host, self.port = host, port

    @property
    def url(self) -> str:
        return http_url(self.host, self.port)

    def start(self) -> None:
        signal.raise_signal(signal.SIGTERM)

    def close(self) -> None:
        pass


@pytest.fixture
def unbound_main(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``cli.main`` runs in this process without binding; its signal handlers are undone after."""
    monkeypatch.setattr(cli, "EmulatorServer", _Unbound)
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    yield
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


@pytest.mark.usefixtures("unbound_main")
@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("0.0.0.0", "http://0.0.0.0:8080"),
        ("::", "http://[::]:8080"),
        ("[::]", "http://[::]:8080"),
        ("192.0.2.10", "http://192.0.2.10:8080"),
        ("emulator.example", "http://emulator.example:8080"),
    ],
)
def test_a_non_loopback_bind_warns_in_one_line(
    capsys: pytest.CaptureFixture[str], host: str, url: str
) -> None:
    assert cli.main(["--host", host]) == 0
    out, err = capsys.readouterr()
    assert out == f"plivo emulator listening on {url}\n"
    (line,) = err.splitlines()
    assert "warning" in line
    assert "not a loopback address" in line
    assert "--allow-host" in line


@pytest.mark.usefixtures("unbound_main")
@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.9", "localhost", "::1"])
def test_a_loopback_bind_does_not_warn(capsys: pytest.CaptureFixture[str], host: str) -> None:
    assert cli.main(["--host", host]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("value", ["bad host", "evil.example/x", "a@b", ""])
def test_a_bad_allowed_host_exits_2(value: str) -> None:
    result = run_cli("--allow-host", value, "--help")
    assert result.returncode == 2
    assert "--allow-host" in result.stderr


def test_seed_flag_changes_generated_numbers_only() -> None:
    with EmulatorProcess("--seed", "1") as one, EmulatorProcess("--seed", "2") as two:
        a, b = one.client(), two.client()
        params = {"country_iso": "GB", "type": "mobile", "limit": 5}
        assert (
            a.api("GET", "PhoneNumber/", params=params).json()["objects"]
            != b.api("GET", "PhoneNumber/", params=params).json()["objects"]
        )
        assert a.buy("14155559186").status_code == b.buy("14155559186").status_code == 201


def test_a_process_that_cannot_start_raises_with_its_stderr() -> None:
    emulator = EmulatorProcess("--host", "256.0.0.1")
    with pytest.raises(EmulatorStartError, match=r"exited with status 1.*stderr: .+"):
        emulator.start()


def test_kill_is_sigkill() -> None:
    with EmulatorProcess() as emulator:
        assert emulator.kill() == -signal.SIGKILL
        with pytest.raises(requests.ConnectionError):
            emulator.client().health()


# The console script, run in a Python where werkzeug cannot be imported (as without the extra).
NO_WERKZEUG = """
import sys
from importlib.metadata import entry_points
sys.modules["werkzeug"] = None  # any import of werkzeug now fails like a missing package
(script,) = entry_points(group="console_scripts", name="plivo-emulator")
sys.argv = ["plivo-emulator", *sys.argv[1:]]
sys.exit(script.load()())
"""


@pytest.mark.parametrize("args", [("--help",), ("--port", "0")])
def test_without_werkzeug_the_cli_prints_one_line_and_exits_2(args: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", NO_WERKZEUG, *args], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert "pip install 'plivo-pulumi[emulator]'" in result.stderr
