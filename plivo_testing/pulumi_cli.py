"""plivo_testing.pulumi_cli: drive one stack of a Pulumi project with the plain ``pulumi`` CLI.

For tests of a stack against the emulator, run exactly as a user types it: every method runs one
``pulumi ...`` command as a subprocess in the project folder, with the stack's own state backend
and passphrase, and returns what the command printed. The Python program is run by the CLI's
Python language host, with the virtualenv ``Pulumi.yaml`` names; nothing runs in this process.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# What every command gets, so a test never waits on the network or a prompt.
OFFLINE_ENV = {
    "PULUMI_SKIP_UPDATE_CHECK": "true",
    "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
}
DEFAULT_TIMEOUT = 600.0


class PulumiCommandError(RuntimeError):
    """Raised when a ``pulumi`` command exits non-zero; carries the command and what it printed."""

    def __init__(self, run: Run) -> None:
        super().__init__(f"`pulumi {' '.join(run.args)}` exited {run.returncode}:\n{run.text}")
        self.run = run


@dataclass(frozen=True)
class Run:
    """One finished ``pulumi`` command: its arguments, exit code and output."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def text(self) -> str:
        """Everything the user would have seen, stdout then stderr."""
        return self.stdout + self.stderr

    def json(self) -> Any:
        """The stdout of a ``--json`` command, parsed."""
        return json.loads(self.stdout)

    def events(self) -> list[dict[str, Any]]:
        """The engine events ``up --json``, ``refresh --json`` and ``destroy --json`` stream, one per line."""
        return [json.loads(line) for line in self.stdout.splitlines() if line.startswith("{")]

    def resource_changes(self) -> dict[str, int]:
        """What an update did, as ``{"create": 2}`` (unchanged resources left out)."""
        for event in reversed(self.events()):
            if "summaryEvent" in event:
                changes = dict(event["summaryEvent"].get("resourceChanges") or {})
                changes.pop("same", None)
                return changes
        raise ValueError(f"no summary in the output of `pulumi {' '.join(self.args)}`")


def find_pulumi(bin_dir: Path | str | None = None) -> Path:
    """The ``pulumi`` executable: in ``bin_dir``, else ``$PULUMI_BIN``, ``PATH``, ``~/.pulumi/bin``.

    :raises FileNotFoundError: naming how to install it.
    """
    candidates = [Path(bin_dir) / "pulumi"] if bin_dir else []
    if os.environ.get("PULUMI_BIN"):
        candidates.append(Path(os.environ["PULUMI_BIN"]) / "pulumi")
    on_path = shutil.which("pulumi")
    if on_path:
        candidates.append(Path(on_path))
    candidates.append(Path.home() / ".pulumi" / "bin" / "pulumi")
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise FileNotFoundError("no pulumi CLI found: install Pulumi, or run `make cli` in plivo-pulumi")


@dataclass
class PulumiStack:
    """One stack of the project in ``project_dir``, run by the plain CLI.

    :param project_dir: the folder holding ``Pulumi.yaml``; commands run there.
    :param stack: the stack name; :meth:`select` creates it when missing.
    :param backend_url: where state lives, e.g. ``file:///tmp/state`` or ``postgres://...``.
    :param passphrase: the stack's secrets passphrase (``PULUMI_CONFIG_PASSPHRASE``).
    :param env: extra environment for every command, e.g. the emulator's ``PLIVO_*`` settings.
        Variables named here win; ``PLIVO_*`` variables of the calling process are not passed on.
    :param pulumi: the CLI to run (default: :func:`find_pulumi`).
    """

    project_dir: Path
    stack: str
    backend_url: str
    passphrase: str = "test-passphrase"
    env: Mapping[str, str] = field(default_factory=dict)
    pulumi: Path = field(default_factory=find_pulumi)
    timeout: float = DEFAULT_TIMEOUT

    def environment(self) -> dict[str, str]:
        """The environment of every command (and so of the program and the provider)."""
        inherited = {key: value for key, value in os.environ.items() if not key.startswith("PLIVO_")}
        bin_dir = str(self.pulumi.parent)
        path = inherited.get("PATH", "")
        return {
            **inherited,
            **OFFLINE_ENV,
            "PATH": bin_dir if not path else f"{bin_dir}{os.pathsep}{path}",
            "PULUMI_BACKEND_URL": self.backend_url,
            "PULUMI_CONFIG_PASSPHRASE": self.passphrase,
            **self.env,
        }

    def command(self, *args: str, stack: bool = True) -> list[str]:
        """The argv of ``pulumi <args>``, with ``--stack`` (before any ``--``) unless ``stack`` is false."""
        flags = ["--stack", self.stack] if stack else []
        cut = args.index("--") if "--" in args else len(args)
        return [str(self.pulumi), *args[:cut], *flags, *args[cut:]]

    def run(self, *args: str, check: bool = True, stack: bool = True, timeout: float | None = None) -> Run:
        """Run ``pulumi <args>`` to completion.

        :raises PulumiCommandError: when it exits non-zero and ``check`` is true.
        """
        done = subprocess.run(
            self.command(*args, stack=stack),
            cwd=self.project_dir,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=timeout or self.timeout,
            check=False,
        )
        run = Run(tuple(args), done.returncode, done.stdout, done.stderr)
        if check and not run.ok:
            raise PulumiCommandError(run)
        return run

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start ``pulumi <args>`` without waiting (for concurrency and crash tests).

        The process leads its own process group, so ``os.killpg`` reaches the provider it spawns.
        """
        return subprocess.Popen(
            self.command(*args),
            cwd=self.project_dir,
            env=self.environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )

    # -- the commands a user types ------------------------------------------------------

    def select(self) -> Run:
        """``pulumi stack select --create <stack>``."""
        return self.run("stack", "select", "--create", self.stack, stack=False)

    def set_config(
        self, key: str, value: str, *, secret: bool = False, path: bool = False, type_: str | None = None
    ) -> Run:
        """``pulumi config set [--secret] [--path] [--type T] <key> <value>``."""
        flags = [*(["--secret"] if secret else []), *(["--path"] if path else [])]
        flags += ["--type", type_] if type_ else []
        # "--" keeps values such as "-1" or "+1415..." from being read as flags.
        return self.run("config", "set", *flags, "--", key, value)

    def set_all_config(self, values: Mapping[str, str], *, secret: Sequence[str] = ()) -> None:
        """Set several config values; keys named in ``secret`` are stored encrypted."""
        for key, value in values.items():
            self.set_config(key, value, secret=key in secret)

    def preview(self, *flags: str, check: bool = True) -> Run:
        """``pulumi preview --diff <flags>``."""
        return self.run("preview", "--diff", *flags, check=check)

    def changes(self, *flags: str) -> dict[str, int]:
        """What a preview would do, as ``{"create": 2, "update": 1}`` (unchanged resources left out)."""
        summary = dict(self.run("preview", "--json", *flags).json().get("changeSummary") or {})
        summary.pop("same", None)
        return summary

    def up(self, *flags: str, check: bool = True) -> Run:
        """``pulumi up --yes --skip-preview <flags>``."""
        return self.run("up", "--yes", "--skip-preview", *flags, check=check)

    def refresh(self, *flags: str, check: bool = True) -> Run:
        """``pulumi refresh --yes --skip-preview <flags>``."""
        return self.run("refresh", "--yes", "--skip-preview", *flags, check=check)

    def destroy(self, *flags: str, check: bool = True) -> Run:
        """``pulumi destroy --yes --skip-preview <flags>``."""
        return self.run("destroy", "--yes", "--skip-preview", *flags, check=check)

    def cancel(self, check: bool = True) -> Run:
        """``pulumi cancel --yes``: drop the lock a killed run left behind."""
        return self.run("cancel", "--yes", check=check)

    def outputs(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """``pulumi stack output --json``."""
        flags = ["--show-secrets"] if show_secrets else []
        return dict(self.run("stack", "output", "--json", *flags).json())

    def export(self) -> dict[str, Any]:
        """The deployment, as ``pulumi stack export`` prints it (secrets stay encrypted)."""
        return dict(self.run("stack", "export").json()["deployment"])

    def resources(self, type_suffix: str = "") -> list[dict[str, Any]]:
        """The stack's resources whose type ends with ``type_suffix`` (e.g. ``":PhoneNumber"``)."""
        return [
            resource
            for resource in self.export().get("resources") or []
            if str(resource.get("type", "")).endswith(type_suffix)
        ]

    def state_of(self, name: str) -> dict[str, Any]:
        """The stored outputs of the resource named ``name`` (refresh updates these)."""
        for resource in self.resources():
            if str(resource.get("urn", "")).endswith(f"::{name}"):
                return dict(resource.get("outputs") or {})
        raise KeyError(f"no resource named {name!r} in stack {self.stack}")


# -- killing a run as the OOM killer would ---------------------------------------------------------


def stat_fields(pid: int) -> list[str]:
    """``/proc/<pid>/stat`` from its third field on (state, ppid, ...; ``proc(5)``).

    The second field, ``(comm)``, may contain spaces and parentheses, so the line is split after
    its last ``)``. :raises OSError: the process is gone.
    """
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _parents() -> dict[int, int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(stat_fields(int(entry.name))[1])
            except (OSError, IndexError, ValueError):
                continue
    return parents


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux ``/proc``): for a ``pulumi`` run, its language host, the
    dynamic-provider shim and the Python provider."""
    parents = _parents()
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        found.extend(children)
        frontier.extend(children)
    return found


def kill_and_wait(pids: Iterable[int], seconds: float = 30.0) -> None:
    """SIGKILL each process still alive and wait until it has exited (pidfds: no polling).

    :raises TimeoutError: a process outlived SIGKILL by ``seconds``.
    """
    for pid in pids:
        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            if not select.select([fd], [], [], seconds)[0]:
                raise TimeoutError(f"process {pid} outlived SIGKILL by {seconds:g} s")
        finally:
            os.close(fd)


def still_running(pids: Iterable[int], grace: float) -> list[int]:
    """Those of ``pids`` that have not exited by themselves within ``grace`` seconds (pidfds: no
    polling), e.g. plugins a finished run stopped a moment ago."""
    fds = {}
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            fds[pid] = os.pidfd_open(pid)
    try:
        deadline = time.monotonic() + grace
        waiting = dict(fds)
        while waiting and (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select(list(waiting.values()), [], [], left)
            if not ready:
                break
            waiting = {pid: fd for pid, fd in waiting.items() if fd not in ready}
        return sorted(waiting)
    finally:
        for fd in fds.values():
            os.close(fd)


def kill_run(process: subprocess.Popen[str], tree: Iterable[int] | None = None) -> int:
    """``kill -9`` a run started by :meth:`PulumiStack.start` and every plugin it started; returns
    its exit status once all of them are gone.

    Pulumi starts each plugin in a process group of its own, so killing the run's group does not
    reach them: they are killed one by one. Pass ``tree`` (from :func:`descendants`, taken while
    the run was alive) when the run may already have exited.
    """
    plugins = list(descendants(process.pid) if tree is None else tree)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    kill_and_wait(plugins)
    return process.returncode


def processes_in(folder: Path) -> list[int]:
    """Processes (other than this one) whose working directory is ``folder`` or below it: the
    plugins of a run in a project there, which may outlive a killed ``pulumi``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cwd = Path(os.readlink(entry / "cwd"))
        except OSError:
            continue
        if cwd == folder or folder in cwd.parents:
            found.append(int(entry.name))
    return found
