"""What a user sees typing plain `pulumi` in a project folder: the virtualenv Pulumi.yaml names is
used without activation, `pulumi about` names the Python host, errors read as one line, and values
typed through `pulumi config set --path` arrive as typed."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from plivo_testing.pulumi_cli import PulumiStack
from tests.harness.ledger import SMS_APP
from tests.harness.scratch import Program

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PROJECT = "plivo-numbers"  # the example project's name in Pulumi.yaml
REDUCED_PATH = "/usr/bin:/bin"


@pytest.fixture
def example_stack(emu, pulumi_stack, tmp_path: Path) -> PulumiStack:
    """A fresh stack of a copy of the repo's example project, whose `.venv` is this test run's.

    Pulumi.yaml is copied as is (``virtualenv: .venv``, relative, as users have it), and the
    stack's plivo:* config points at the emulator.
    """
    folder = tmp_path / "example"
    folder.mkdir()
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copyfile(REPO / name, folder / name)
    (folder / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    config = {"plivo:authId": emu.auth_id, "plivo:authToken": emu.auth_token, "plivo:apiUrl": emu.url}
    return pulumi_stack(folder, stack="dev", config=config, secret=["plivo:authToken"])


def add_entry(stack: PulumiStack, index: int, **values: str) -> None:
    """``pulumi config set --path 'plivo-numbers:numbers[i].<key>' <value>``, one key at a time."""
    for key, value in values.items():
        stack.set_config(f"{PROJECT}:numbers[{index}].{key}", value, path=True)


def test_preview_uses_the_project_virtualenv_without_activation(
    example_stack: PulumiStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", REDUCED_PATH)  # the CLI's own folder is all PulumiStack adds
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    environment = example_stack.environment()
    assert "VIRTUAL_ENV" not in environment
    assert environment["PATH"] == f"{example_stack.pulumi.parent}:{REDUCED_PATH}"
    # Without the virtualenv, the Python on PATH cannot run the program at all.
    bare = subprocess.run(
        ["python3", "-c", "import pulumi, plivo_provider"], env={"PATH": REDUCED_PATH}, capture_output=True
    )
    assert bare.returncode != 0

    add_entry(example_stack, 0, name="support", number="+14155550100")
    preview = example_stack.preview()
    assert "plivo:PhoneNumber::support]" in preview.text
    assert example_stack.changes() == {"create": 3}  # the number, the stack, its claim identity


def test_the_virtualenv_wins_over_pulumi_python_cmd(
    example_stack: PulumiStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As with Pulumi's own host, a project virtualenv decides the interpreter; an absolute
    # PULUMI_PYTHON_CMD left in a shell must not break the run (the v3.68 host joins it onto the
    # virtualenv's bin folder unless the launcher drops it).
    monkeypatch.setenv("PULUMI_PYTHON_CMD", "/usr/bin/python3")
    add_entry(example_stack, 0, name="support", number="+14155550100")
    assert example_stack.changes() == {"create": 3}


def host_version(bin_dir: Path) -> str:
    """The Python host's version as `pulumi about` prints it: the pinned host the launcher runs
    (``python-language-host/v<version>/``), or else an official install's, which is the CLI's."""
    pinned = sorted((bin_dir / "python-language-host").glob("v*/pulumi-language-python"))
    if pinned:
        return pinned[-1].parent.name.removeprefix("v")
    done = subprocess.run([str(bin_dir / "pulumi"), "version"], capture_output=True, text=True, check=True)
    return done.stdout.strip().removeprefix("v")


def test_about_names_the_python_host_and_the_project_interpreter(example_stack: PulumiStack) -> None:
    about = example_stack.run("about")
    rows = [line.split() for line in about.text.splitlines()]
    assert ["language", "python", host_version(example_stack.pulumi.parent)] in rows
    written_in = re.search(r"written in python: executable='([^']+)'", about.text)
    assert written_in is not None, about.text
    assert Path(written_in.group(1)).parent == example_stack.project_dir / ".venv" / "bin"


def closed_port_url() -> str:
    """A loopback URL nothing listens on: a port the kernel just handed out, then closed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def error_lines(text: str, cause: str) -> set[str]:
    """The distinct ``error: ...`` messages that mention ``cause`` (progress prefixes cut off)."""
    return {
        line[line.index("error: ") :].strip()
        for line in text.splitlines()
        if "error: " in line and cause in line
    }


# site imports sitecustomize in every Python process of a run, the provider's included.
URLLIB3_LOG_HOOK = """\
import logging
import os

if os.environ.get("E2E_URLLIB3_LOG"):
    logging.getLogger("urllib3").addHandler(logging.FileHandler(os.environ["E2E_URLLIB3_LOG"]))
"""


def urllib3_log(folder: Path) -> tuple[dict[str, str], Path]:
    """Variables that make a run's Python processes write urllib3's log (its "Retrying ..." warnings)
    to a file, and that file; it exists once a process has started with them."""
    hook = folder / "urllib3-log-hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(URLLIB3_LOG_HOOK, encoding="utf-8")
    log = folder / "urllib3.log"
    return {"PYTHONPATH": str(hook), "E2E_URLLIB3_LOG": str(log)}, log


def test_refused_connection_fails_at_once_and_says_so(emu, make_stack, tmp_path: Path) -> None:
    url = closed_port_url()
    log_env, log = urllib3_log(tmp_path)
    stack = make_stack(
        Program(line={"number": "+14155550100"}), env={**emu.env(), "PLIVO_API_URL": url, **log_env}
    )
    preview = stack.preview(check=False)
    assert preview.returncode != 0
    (line,) = error_lines(preview.text, "refused")
    assert url in line
    assert "timed out" not in preview.text
    assert "no answer within" not in preview.text
    retries = [entry for entry in log.read_text(encoding="utf-8").splitlines() if "Retrying" in entry]
    assert len(retries) == 1, retries  # the one call retried once, not for the budget of 5 with back-off
    assert "Connection refused" in retries[0]
    assert emu.calls("POST", "/PhoneNumber/") == 0
    assert emu.owned() == {}


def test_national_format_number_fails_at_preview_and_buys_nothing(emu, make_stack) -> None:
    preview = make_stack(Program(line={"number": "415-555-0103"})).preview(check=False)
    assert preview.returncode != 0
    (line,) = error_lines(preview.text, "415-555-0103")
    assert "country code" in line
    assert "4155550103" not in preview.text  # never misread as a (Swiss) plan
    assert emu.calls("POST", "/PhoneNumber/") == 0
    assert emu.owned() == {}


ONE_LINE_CASES = [
    pytest.param(
        "preview", {"number": "+1415555"}, {}, "is not an E.164 number", "with '+' and the country code",
        id="validation",
    ),
    pytest.param(
        "preview", {"number": "+14155550100"}, {"PLIVO_AUTH_TOKEN": "wrong-canary-5150"},
        "rejected the credentials", "check plivo:authId and plivo:authToken", id="credentials",
    ),
    pytest.param(
        "up", {"number": "+14155550000"}, {}, "14155550000 is not for sale",
        "python -m plivo_provider search --country US", id="not-for-sale-us",
    ),
    pytest.param(
        "up", {"number": "+442079460999"}, {}, "442079460999 is not for sale",
        "python -m plivo_provider search --country GB", id="not-for-sale-gb",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("command", "args", "env", "cause", "fix"), ONE_LINE_CASES)
def test_an_error_reads_as_one_line_naming_cause_and_fix(
    emu, make_stack, command: str, args: dict[str, str], env: dict[str, str], cause: str, fix: str
) -> None:
    stack = make_stack(Program(line=args), env={**emu.env(), **env})
    run = stack.preview(check=False) if command == "preview" else stack.up(check=False)
    assert run.returncode != 0
    (line,) = error_lines(run.text, cause)
    assert fix in line
    assert "property plivo value {<nil>}" not in run.text
    assert "plivo_provider.api.errors." not in run.text
    assert "Traceback (most recent call last)" not in run.text
    assert "wrong-canary-5150" not in run.text


@pytest.mark.xfail(
    strict=True,
    reason="the Python program, not the provider, prints it: when the engine stops on the provider's "
    "error, pulumi/runtime/settings.py:grpc_error_to_exception turns the closed monitor into "
    "RunError('Resource monitor has terminated, shutting down'), and pulumi-language-python-exec "
    "logs every RunError with pulumi.log.error",
)
def test_no_engine_shutdown_line_after_the_error(make_stack) -> None:
    preview = make_stack(Program(line={"number": "+1415555"})).preview(check=False)
    assert preview.returncode != 0
    assert "Resource monitor has terminated" not in preview.text


def test_config_set_path_values_arrive_as_typed(emu, example_stack: PulumiStack) -> None:
    add_entry(example_stack, 0, name="extra", number="+14155550177", appId=SMS_APP)  # 17 digits
    add_entry(example_stack, 1, name="any", countryIso="US", pattern="212")
    stored = (example_stack.project_dir / "Pulumi.dev.yaml").read_text(encoding="utf-8")
    assert f"appId: {SMS_APP}\n" in stored  # YAML integers, as the issue reported
    assert "pattern: 212\n" in stored

    preview = example_stack.preview()
    assert re.search(r'number\s*: "14155550177"', preview.text)
    assert re.search(rf'app_id\s*: "{SMS_APP}"', preview.text)
    assert re.search(r'pattern\s*: "212"', preview.text)
    assert example_stack.changes() == {"create": 4}
    example_stack.up()
    owned = emu.owned()
    assert owned["14155550177"]["app_id"] == SMS_APP
    (by_criteria,) = set(owned) - {"14155550177"}
    assert by_criteria.startswith("1212")
