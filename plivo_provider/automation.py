"""plivo_provider.automation: run a stack through the real Pulumi CLI, with or without a language host.

``pulumi up`` on a Python project needs two things next to the CLI: the Python
language host (``pulumi-language-python``) and the dynamic-provider shim
(``pulumi-resource-pulumi-python``). Where the language host is missing, the
same program still runs on the real CLI through the Automation API's inline mode
(the CLI is handed ``--client`` and dials a language server in this process), so
every engine step, plan, diff and state write is the real engine's.

Used by ``make demo``, the end-to-end tests and the benchmarks; it is also a
plain helper for users who want to drive their stacks from Python.
"""

from __future__ import annotations

import json
import os
import runpy
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulumi import automation as auto

OFFLINE_ENV = {
    "PULUMI_SKIP_UPDATE_CHECK": "true",
    "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
}


def pulumi_bin_dir() -> Path | None:
    """Where ``pulumi`` lives: ``$PULUMI_BIN``, then ``PATH``, then ``~/.pulumi/bin``."""
    explicit = os.environ.get("PULUMI_BIN")
    if explicit:
        return Path(explicit)
    found = shutil.which("pulumi")
    if found:
        return Path(found).resolve().parent
    default = Path.home() / ".pulumi" / "bin"
    return default if (default / "pulumi").exists() else None


def has_language_host(bin_dir: Path | None) -> bool:
    """True when the Python language host and its executor sit next to (or on PATH with) the CLI."""
    names = ("pulumi-language-python", "pulumi-language-python-exec")
    return all(
        (bin_dir is not None and (bin_dir / name).exists()) or shutil.which(name) is not None
        for name in names
    )


def program_from_file(path: Path) -> Callable[[], None]:
    """An inline program that runs a Pulumi program file exactly as the language host would."""

    def program() -> None:
        runpy.run_path(str(path), run_name="__main__")

    return program


@dataclass
class StackRunner:
    """One stack of a project, run by the real CLI.

    :param project_dir: folder holding ``Pulumi.yaml`` (and ``Pulumi.<stack>.yaml``).
    :param stack: stack name, e.g. ``dev``.
    :param backend_url: e.g. ``file:///abs/dir``; the default comes from the environment.
    :param env: extra environment for the CLI and the provider process (e.g. ``PLIVO_*``).
    :param program: an inline program; default: the project's ``__main__.py``.
    :param mode: ``auto`` (local program when the language host exists, else inline),
        ``inline`` or ``local``.
    """

    project_dir: Path
    stack: str
    backend_url: str | None = None
    env: Mapping[str, str] = field(default_factory=dict)
    program: Callable[[], None] | None = None
    mode: str = "auto"
    passphrase: str = ""
    _stack: auto.Stack | None = None

    @property
    def inline(self) -> bool:
        if self.mode == "auto":
            return self.program is not None or not has_language_host(pulumi_bin_dir())
        return self.mode == "inline"

    def environment(self) -> dict[str, str]:
        """The environment every CLI command (and so the provider process) of this stack gets."""
        env = {**OFFLINE_ENV, "PULUMI_CONFIG_PASSPHRASE": self.passphrase, **self.env}
        if self.backend_url:
            env["PULUMI_BACKEND_URL"] = self.backend_url
        # Inline runs replace the project's runtime options, so the provider shim would pick
        # python3 from PATH; pin it to this interpreter (and its virtualenv).
        env.setdefault("PULUMI_PYTHON_CMD", sys.executable)
        return env

    def _command(self) -> auto.PulumiCommand:
        bin_dir = pulumi_bin_dir()
        if bin_dir is None:
            raise RuntimeError("pulumi CLI not found: run `make cli` (or install Pulumi) first")
        return auto.PulumiCommand(root=str(bin_dir.parent))

    def stack_handle(self) -> auto.Stack:
        """Create or select the stack (cached)."""
        if self._stack is None:
            opts = auto.LocalWorkspaceOptions(
                work_dir=str(self.project_dir),
                env_vars=self.environment(),
                secrets_provider="passphrase",
                pulumi_command=self._command(),
            )
            if self.inline:
                program = self.program or program_from_file(self.project_dir / "__main__.py")
                project = _project_name(self.project_dir)
                self._stack = auto.create_or_select_stack(
                    self.stack, project_name=project, program=program, opts=opts
                )
            else:
                self._stack = auto.create_or_select_stack(
                    self.stack, work_dir=str(self.project_dir), opts=opts
                )
        return self._stack

    def set_config(self, values: Mapping[str, str], secret: frozenset[str] = frozenset()) -> None:
        """Set stack config values (``secret`` names those to store encrypted)."""
        stack = self.stack_handle()
        for key, value in values.items():
            stack.set_config(key, auto.ConfigValue(value=value, secret=key in secret), path=False)

    def preview(self, **kwargs: Any) -> auto.PreviewResult:
        return self.stack_handle().preview(**kwargs)

    def up(self, **kwargs: Any) -> auto.UpResult:
        return self.stack_handle().up(**kwargs)

    def refresh(self, **kwargs: Any) -> auto.RefreshResult:
        return self.stack_handle().refresh(**kwargs)

    def destroy(self, **kwargs: Any) -> auto.DestroyResult:
        return self.stack_handle().destroy(**kwargs)

    def outputs(self) -> dict[str, Any]:
        return {key: value.value for key, value in self.stack_handle().outputs().items()}

    def cli(self, *args: str) -> str:
        """Run one plain ``pulumi`` command on this stack (no program needed) and return its stdout."""
        self.stack_handle()
        bin_dir = pulumi_bin_dir()
        command = [str(bin_dir / "pulumi") if bin_dir else "pulumi", *args, "--stack", self.stack]
        env = {**os.environ, **self.environment()}
        if bin_dir is not None:
            env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
        done = subprocess.run(
            command, cwd=self.project_dir, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"pulumi {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
        return done.stdout

    def export(self) -> dict[str, Any]:
        """The stack's deployment as ``pulumi stack export`` prints it: secrets stay encrypted.

        (The Automation API's ``export_stack`` asks for ``--show-secrets``; this does not.)
        """
        return dict(json.loads(self.cli("stack", "export"))["deployment"])


def _project_name(project_dir: Path) -> str:
    for line in (project_dir / "Pulumi.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("name:"):
            return line.split(":", 1)[1].strip().strip("'\"")
    raise RuntimeError(f"{project_dir}/Pulumi.yaml has no name")
