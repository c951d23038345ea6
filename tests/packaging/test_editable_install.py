"""An editable install as requirements.txt and the README recommend it is typed for the user's mypy."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
USER_PROGRAM = """\
from plivo_provider import PhoneNumber

phone = PhoneNumber("line", number="+14155550100")
region: int = phone.region
"""


def editable_line() -> list[str]:
    """The provider's line of requirements.txt, as pip arguments (with ``.`` meaning the repo)."""
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("-e "):
            return [str(ROOT) if part == "." else part for part in line.split()]
    raise AssertionError("requirements.txt has no editable line")


def test_editable_install_is_seen_by_mypy(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # pulumi and requests come from this test run's environment; only the provider is installed.
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            *editable_line(),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    if install.returncode != 0:
        pytest.fail(f"pip install failed: {install.stderr}")
    (tmp_path / "program.py").write_text(USER_PROGRAM, encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--python-executable", str(python), "--no-incremental", "program.py"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    # The one error is ours to find: the package was resolved and its Output types read.
    assert "Cannot find implementation" not in checked.stdout
    assert 'Incompatible types in assignment (expression has type "Output[str | None]"' in checked.stdout
