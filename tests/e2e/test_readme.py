"""The README's shell blocks for the stacks, run as written in a new shell after `make demo`.

The blocks after the marker comment in "Stacks per environment" run, line by line, in one bash
process whose environment holds nothing of this test run (no venv, no PULUMI_* or PLIVO_*
variables): what a user who follows the README has. The folder is a copy of the example project
in which the dev stack was brought up first, as `make demo` leaves it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from plivo_emulator.testing import EmulatorProcess

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- tests/e2e/test_readme.py runs the console blocks below"
PROJECT_FILES = ("Pulumi.yaml", "Pulumi.dev.yaml", "__main__.py", "requirements.txt")
PORT = 18080  # the port Pulumi.dev.yaml's plivo:apiUrl names


def readme_commands() -> list[str]:
    """The command lines of the console blocks after the marker, up to the next section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(MARKER) :]
    section = section[: section.index("\n## ")]
    blocks = re.findall(r"```console\n(.*?)```", section, flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def run_as_user(folder: Path, commands: list[str]) -> dict[str, str]:
    """Run the lines in one bash; returns each line's output, keyed by the line."""
    marks = [f"__line_{i}__" for i in range(len(commands))]
    script = "set -e\n" + "".join(
        f"echo {mark}\n{command}\n" for mark, command in zip(marks, commands, strict=True)
    )
    env = {"HOME": str(Path.home()), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    done = subprocess.run(
        ["bash", "-c", script], cwd=folder, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"README commands failed:\n{done.stdout}\n{done.stderr}"
    parts = re.split(r"^__line_(\d+)__\n", done.stdout, flags=re.MULTILINE)
    return {commands[int(index)]: output for index, output in zip(parts[1::2], parts[2::2], strict=True)}


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    """The example project as `make demo` leaves it: dev stack up, emulator state kept and stopped."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            pytest.fail(f"port {PORT} is taken (an emulator from `make demo` or the README?): stop it first")
    folder = tmp_path / "plivo-pulumi"
    folder.mkdir()
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, folder / name)
    (folder / ".venv").symlink_to(sys.prefix)
    (folder / ".state").mkdir()
    bin_dir = Path.home() / ".pulumi" / "bin"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PULUMI_BACKEND_URL": f"file://{folder}/.pulumi-state",
        "PULUMI_CONFIG_PASSPHRASE": "plivo-demo",
    }
    (folder / ".pulumi-state").mkdir()
    state = str(folder / ".state" / "emulator.sqlite3")
    with EmulatorProcess("--port", str(PORT), "--state", state, cwd=folder):
        for args in (["stack", "select", "--create", "dev"], ["up", "--yes"]):
            subprocess.run(["pulumi", *args], cwd=folder, env=env, check=True, capture_output=True)
    return folder


def test_readme_stack_commands_work_as_written(demo_folder: Path) -> None:
    commands = readme_commands()
    assert any(line.startswith("pulumi stack init staging") for line in commands)
    outputs = run_as_user(demo_folder, commands)
    previews = [output for line, output in outputs.items() if line.startswith("pulumi preview --diff")]
    assert "to create" not in previews[0]
    assert "to update" not in previews[0]  # "no changes", as the README says
    assert "+ 1 to create" in previews[1]  # the number added with config set --path
    stack_output = next(output for line, output in outputs.items() if "stack output --json" in line)
    assert json.loads(stack_output)["extra-line"]["number"] == "14155550177"
    assert "+ 3 to create" in previews[2]  # the new stack, its claim identity and its one number
    assert not (demo_folder / "Pulumi.staging.yaml").exists()
