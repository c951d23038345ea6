"""Teammate: one person's machine running the real Pulumi CLI against the shared state backend."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def find_pulumi() -> Path | None:
    """``pulumi`` from ``$PULUMI_BIN``, the directory `make cli` recorded, ``~/.pulumi/bin``, then PATH."""
    recorded = REPO / ".state" / "pulumi-bin"
    dirs = [os.environ.get("PULUMI_BIN", "")]
    dirs.append(recorded.read_text().strip() if recorded.exists() else "")
    dirs.append(str(Path.home() / ".pulumi" / "bin"))
    for directory in filter(None, dirs):
        if (Path(directory) / "pulumi").exists():
            return Path(directory) / "pulumi"
    found = shutil.which("pulumi")
    return Path(found) if found else None


class Teammate:
    """Their own ``PULUMI_HOME`` and checkout of ``project``, logged in to ``backend_url``.

    The real ``~/.pulumi`` is never touched: credentials land in ``<root>/home``. Only commands that
    need no language host are meant to run here.
    """

    def __init__(self, pulumi: Path, root: Path, project: str, backend_url: str) -> None:
        self.pulumi = pulumi
        self.project = project
        self.backend_url = backend_url
        self.home = root / "home"
        self.checkout = root / "checkout"
        self.home.mkdir(parents=True)
        self.checkout.mkdir()
        runtime = "runtime:\n  name: python\n  options:\n    virtualenv: .venv\n"
        (self.checkout / "Pulumi.yaml").write_text(f"name: {project}\n{runtime}", encoding="utf-8")
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "PG"))}
        self.env = {
            **inherited,
            "PATH": f"{pulumi.parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "PULUMI_HOME": str(self.home),
            "PULUMI_CONFIG_PASSPHRASE": "x",
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        }

    def login(self) -> Teammate:
        self.run("login", self.backend_url)
        return self

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``pulumi ARGS`` in the checkout; with ``check``, a non-zero exit fails the test."""
        done = subprocess.run(
            self._command(args), cwd=self.checkout, env=self.env, capture_output=True, text=True, timeout=120
        )
        if check and done.returncode != 0:
            pytest.fail(f"pulumi {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
        return done

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start ``pulumi ARGS`` in the background; the caller waits for it or kills it."""
        return subprocess.Popen(
            self._command(args),
            cwd=self.checkout,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def _command(self, args: tuple[str, ...]) -> list[str]:
        return [str(self.pulumi), *args, "--non-interactive"]
