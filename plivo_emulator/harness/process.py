"""EmulatorProcess: ``python -m plivo_emulator`` as a child process, for tests and benchmarks.

The child has its own CPU and memory and can be killed with SIGKILL for crash tests::

    with EmulatorProcess("--rate-limit", "0") as emulator:
        client = emulator.client()

Like :mod:`.client` this needs only the standard library and ``requests``. Users import it as
``plivo_emulator.testing.EmulatorProcess``.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from plivo_emulator.harness.client import EmulatorClient
from plivo_emulator.loopback import URL_LINE_PREFIX
from plivo_emulator.state.directory import AUTH_TOKEN_VARIABLE, DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN

__all__ = ["EmulatorProcess", "EmulatorStartError"]


class EmulatorStartError(RuntimeError):
    """Raised when an emulator process exits or stays silent instead of announcing its URL."""


class EmulatorProcess:
    """``python -m plivo_emulator --port 0 …`` as a child process; a context manager.

    ``args`` are extra command-line flags (``"--state", path``, ``"--rate-limit", "0"``…). The
    main account's credentials are given here, not in ``args``: the id as ``--auth-id``, the
    token through ``PLIVO_EMULATOR_AUTH_TOKEN`` so it never shows in the process list. ``start()``
    returns once the emulator has printed its URL, or raises :class:`EmulatorStartError` after
    ``start_timeout`` seconds. stderr goes to a temporary file (it can never fill a pipe and
    block the emulator); read it with :meth:`output` once the process has ended.
    """

    def __init__(
        self,
        *args: str,
        auth_id: str = DEFAULT_AUTH_ID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        module: str = "plivo_emulator",
        start_timeout: float = 20.0,
        cwd: str | Path | None = None,
    ) -> None:
        self.args = args
        self.auth_id = auth_id
        self.auth_token = auth_token
        self.module = module
        self.start_timeout = start_timeout
        self.cwd = cwd
        self.url = ""
        self.process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._stdout_rest = b""

    @property
    def command(self) -> list[str]:
        """The command line that ``start()`` runs."""
        return [sys.executable, "-m", self.module, "--port", "0", "--auth-id", self.auth_id, *self.args]

    def start(self) -> EmulatorProcess:
        """Start the process and wait for its URL line; returns self."""
        if self.process is not None:
            raise RuntimeError("the emulator process was already started")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLIVO_EMULATOR_")}
        env[AUTH_TOKEN_VARIABLE] = self.auth_token
        # Kept open past this method (closed by __exit__), hence no with-block.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        line = self._read_url_line()
        if not line.startswith(URL_LINE_PREFIX):
            raise self._start_failure(line)
        self.url = line.removeprefix(URL_LINE_PREFIX).strip()
        return self

    def _start_failure(self, line: str) -> EmulatorStartError:
        assert self.process is not None
        try:
            code: int | None = self.process.wait(timeout=1)  # it closed stdout: it is exiting
        except subprocess.TimeoutExpired:
            code = None
            self.kill()
        _, stderr = self.output()
        self._close_streams()  # start() raises: no __exit__ will close them
        why = (
            f"exited with status {code}"
            if code is not None
            else f"did not announce its URL within {self.start_timeout:g} s"
        )
        return EmulatorStartError(f"emulator {why}; stdout {line!r}; stderr: {stderr.strip()}")

    def _read_url_line(self) -> str:
        assert self.process is not None
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + self.start_timeout
        data = b""
        while b"\n" not in data:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                break
            chunk = os.read(fd, 4096)
            if not chunk:  # the process closed stdout: it has exited
                break
            data += chunk
        line, _, self._stdout_rest = data.partition(b"\n")
        return line.decode(errors="replace")

    @property
    def pid(self) -> int:
        """The child's process id."""
        if self.process is None:
            raise RuntimeError("the emulator process has not been started")
        return self.process.pid

    def client(self) -> EmulatorClient:
        """An :class:`EmulatorClient` for the main account."""
        if not self.url:
            raise RuntimeError("the emulator process has not been started")
        return EmulatorClient(self.url, self.auth_id, self.auth_token)

    def stop(self, timeout: float = 10.0) -> int:
        """SIGTERM, then wait up to ``timeout`` seconds (SIGKILL if it has not exited); returns the
        exit code."""
        return self._end(signal.SIGTERM, timeout)

    def kill(self) -> int:
        """SIGKILL (as ``kill -9`` or the OOM killer would) and reap; returns the exit code."""
        return self._end(signal.SIGKILL, 10.0)

    def _end(self, signum: int, timeout: float) -> int:
        if self.process is None:
            raise RuntimeError("the emulator process has not been started")
        if self.process.poll() is None:
            self.process.send_signal(signum)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def output(self) -> tuple[str, str]:
        """(stdout after the URL line, stderr) of a process that has ended."""
        if self.process is None or self.process.poll() is None:
            raise RuntimeError("output() is available once the emulator process has ended")
        assert self.process.stdout is not None
        assert self._stderr is not None
        stdout = self._stdout_rest + self.process.stdout.read()
        self._stdout_rest = b""
        self._stderr.seek(0)
        return stdout.decode(errors="replace"), self._stderr.read().decode(errors="replace")

    def __enter__(self) -> EmulatorProcess:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process is not None:
            self.stop()
        self._close_streams()

    def _close_streams(self) -> None:
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
        if self._stderr is not None:
            self._stderr.close()

    def __repr__(self) -> str:
        state = "not started" if self.process is None else f"pid {self.process.pid}"
        return f"<EmulatorProcess {self.url or '-'} {state}>"
