"""``python -m plivo_provider search`` reads plivo:* from stack config as pulumi does (scratch projects)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.contract

ROOT = Path(__file__).resolve().parents[2]


def pulumi_dir() -> str | None:
    """The folder holding the pulumi CLI: $PULUMI_BIN, what `make cli` recorded, or PATH."""
    recorded = ROOT / ".state" / "pulumi-bin"
    for folder in (
        os.environ.get("PULUMI_BIN"),
        recorded.read_text().strip() if recorded.is_file() else None,
    ):
        if folder and (Path(folder) / "pulumi").is_file():
            return folder
    found = shutil.which("pulumi")
    return str(Path(found).parent) if found else None


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    folder = pulumi_dir()
    if folder is None:
        pytest.skip("no pulumi CLI: run `make cli`")
    return {
        **os.environ,
        "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}",
        "PULUMI_HOME": str(tmp_path / "pulumi-home"),
        "PULUMI_BACKEND_URL": f"file://{tmp_path / 'state'}",
        "PULUMI_CONFIG_PASSPHRASE": "test",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
    }


@pytest.fixture
def project(tmp_path: Path, cli_env: dict[str, str], emu) -> Path:
    """A scratch project whose current stack holds the emulator's plivo:* config."""
    folder = tmp_path / "project"
    (folder / "sub").mkdir(parents=True)
    (tmp_path / "state").mkdir()
    (folder / "Pulumi.yaml").write_text("name: scratch\nruntime: python\n")
    for command in (
        ["stack", "init", "dev"],
        ["config", "set", "plivo:authId", emu.auth_id],
        ["config", "set", "--secret", "plivo:authToken", emu.auth_token],
        ["config", "set", "plivo:apiUrl", emu.url],
    ):
        subprocess.run(["pulumi", *command], cwd=folder, env=cli_env, check=True, capture_output=True)
    return folder


def search(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "plivo_provider",
        "search",
        "--country",
        "US",
        "--pattern",
        "415555",
        *args,
    ]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("where", [".", "sub"])
def test_search_in_a_project_uses_its_current_stack(
    project: Path, cli_env: dict[str, str], where: str
) -> None:
    done = search(project / where, cli_env)
    assert done.returncode == 0, done.stderr
    assert "+14155550100" in done.stdout


def test_stack_option_overrides_the_current_stack(project: Path, cli_env: dict[str, str]) -> None:
    subprocess.run(
        ["pulumi", "stack", "init", "other"], cwd=project, env=cli_env, check=True, capture_output=True
    )
    current = search(project, cli_env)  # "other" is current now, and has no plivo:* config
    assert current.returncode == 1
    assert "plivo:authId is not set" in current.stderr
    named = search(project, cli_env, "--stack", "dev")
    assert named.returncode == 0, named.stderr
    assert "+14155550100" in named.stdout


def test_search_outside_a_project_falls_back_to_plivo_variables(
    tmp_path: Path, cli_env: dict[str, str], emu
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    missing = search(outside, cli_env)
    assert missing.returncode == 1
    assert "plivo:authId is not set" in missing.stderr
    found = search(outside, {**cli_env, **emu.env()})
    assert found.returncode == 0, found.stderr
    assert "+14155550100" in found.stdout
