"""The docs' console and python blocks, run as written in a new shell after `make demo`.

Each source in ``SOURCES`` is a page, a section of it, and a block language; the blocks after the
marker comment in that section are what runs. The console blocks of "Stacks per environment"
run, line by line, in one bash process whose environment holds nothing of this test run (no venv,
no PULUMI_* or PLIVO_* variables): what a user who follows the docs has. The folder is a copy of
the example project in which the dev stack was brought up first, as `make demo` leaves it. The
pytest example of the emulator page runs, as a test file of a copy of the example project, with
the project's own .venv in the same clean environment.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from plivo_emulator.testing import EmulatorProcess
from tests.markdown_docs import fenced_blocks, section

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- tests/e2e/test_readme.py runs the"  # the comment above the blocks that run
PROJECT_FILES = ("Pulumi.yaml", "Pulumi.dev.yaml", "__main__.py", "requirements.txt")
PORT = 18080  # the port Pulumi.dev.yaml's plivo:apiUrl names
CLEAN_ENV = {"HOME": str(Path.home()), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}


@dataclass(frozen=True)
class Source:
    """Blocks that run: those tagged ``language`` after the marker in section ``section`` of
    ``page`` (a path from the repository root)."""

    page: str
    section: str
    language: str


STACK_COMMANDS = Source("docs/stacks-and-configuration.md", "Stacks per environment", "console")
PYTEST_EXAMPLE = Source("docs/emulator.md", "Testing your own stacks with pytest", "python")
SOURCES = (STACK_COMMANDS, PYTEST_EXAMPLE)


def blocks(source: Source) -> list[str]:
    """The source's blocks after the marker, up to the end of its section; fails naming the page
    and section when they moved without this list."""
    text = section((ROOT / source.page).read_text(encoding="utf-8"), source.section)
    assert text is not None, f"{source.page} has no section {source.section!r}: update SOURCES"
    assert MARKER in text, f"{source.page}, {source.section!r}: the marker comment is gone"
    found = fenced_blocks(text[text.index(MARKER) :], source.language)
    assert found, f"{source.page}, {source.section!r}: no {source.language} block after the marker"
    return found


def docs_commands(source: Source = STACK_COMMANDS) -> list[str]:
    """The command lines of the source's console blocks, in order."""
    return [line for block in blocks(source) for line in block.splitlines() if line.strip()]


def example_project(folder: Path) -> Path:
    """A copy of the example project in ``folder``, its .venv this test run's interpreter."""
    folder.mkdir()
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, folder / name)
    (folder / ".venv").symlink_to(sys.prefix)
    return folder


def run_as_user(folder: Path, commands: list[str]) -> dict[str, str]:
    """Run the lines in one bash; returns each line's output, keyed by the line."""
    marks = [f"__line_{i}__" for i in range(len(commands))]
    script = "set -e\n" + "".join(
        f"echo {mark}\n{command}\n" for mark, command in zip(marks, commands, strict=True)
    )
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=folder,
        env=CLEAN_ENV,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{STACK_COMMANDS.page} commands failed:\n{done.stdout}\n{done.stderr}"
    parts = re.split(r"^__line_(\d+)__\n", done.stdout, flags=re.MULTILINE)
    return {commands[int(index)]: output for index, output in zip(parts[1::2], parts[2::2], strict=True)}


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    """The example project as `make demo` leaves it: dev stack up, emulator state kept and stopped."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            pytest.fail(f"port {PORT} is taken (an emulator from `make demo` or the README?): stop it first")
    folder = example_project(tmp_path / "plivo-pulumi")
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


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: f"{source.page}:{source.section}")
def test_every_source_has_blocks_after_its_marker(source: Source) -> None:
    assert all(block.strip() for block in blocks(source))


def test_readme_stack_commands_work_as_written(demo_folder: Path) -> None:
    commands = docs_commands()
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


def test_emulator_page_pytest_example_passes_as_written(tmp_path: Path) -> None:
    (example,) = blocks(PYTEST_EXAMPLE)
    folder = example_project(tmp_path / "my-project")
    (folder / "tests").mkdir()  # the example finds Pulumi.yaml one folder up
    (folder / "tests" / "test_stack.py").write_text(example, encoding="utf-8")
    command = [".venv/bin/python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_stack.py"]
    done = subprocess.run(
        command, cwd=folder, env=CLEAN_ENV, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{PYTEST_EXAMPLE.page} example failed:\n{done.stdout}\n{done.stderr}"
    assert re.search(r"^1 passed", done.stdout.splitlines()[-1]), done.stdout
