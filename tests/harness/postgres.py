"""PostgresCluster: a private, throwaway PostgreSQL server for Pulumi's ``postgres://`` state backend.

It drives the server binaries Debian installs (``apt-get install -y postgresql``) and needs nothing
else: no system cluster, no service manager, no Python driver. Everything it creates lives in one
temporary directory that ``stop()`` removes.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

INSTALL_HINT = "apt-get install -y postgresql"
SUPERUSER = "postgres"
# initdb and pg_ctl refuse to run as root; as root we run them as this OS user instead.
SERVER_OS_USER = "postgres"
_DEBIAN_BINDIRS = "/usr/lib/postgresql/*/bin"
_SERVER_TOOLS = ("initdb", "pg_ctl", "postgres")
_CLIENT_TOOLS = ("createdb", "psql")
# The cluster is disposable, so durability is traded for speed.
_SERVER_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
_START_ATTEMPTS = 3
_TIMEOUT = 60


class PostgresError(RuntimeError):
    """Raised when the cluster cannot be initialised, started, queried or stopped."""


class PostgresUnavailable(PostgresError):
    """Raised when PostgreSQL's server binaries (initdb, pg_ctl) are not installed."""


def find_bindir() -> Path:
    """The directory holding initdb, pg_ctl, postgres, createdb and psql; the newest Debian version wins.

    :raises PostgresUnavailable: when no such directory exists.
    """
    candidates = [Path(d) for d in glob.glob(_DEBIAN_BINDIRS) if _has_tools(Path(d))]
    if candidates:
        return max(candidates, key=_version_key)
    initdb = shutil.which("initdb")
    if initdb is not None:
        bindir = Path(initdb).resolve().parent
        if _has_tools(bindir):
            return bindir
    raise PostgresUnavailable(
        f"PostgreSQL server binaries (initdb, pg_ctl) not found in {_DEBIAN_BINDIRS} or on PATH; "
        f"install them with `{INSTALL_HINT}`"
    )


def _has_tools(bindir: Path) -> bool:
    return all(os.access(bindir / tool, os.X_OK) for tool in _SERVER_TOOLS + _CLIENT_TOOLS)


def _version_key(bindir: Path) -> tuple[int, ...]:
    # /usr/lib/postgresql/15/bin -> (15,); non-numeric names sort first.
    return tuple(int(part) for part in re.findall(r"\d+", bindir.parent.name)) or (0,)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (start() retries if another process takes it first)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _runuser() -> str | None:
    """``runuser``: on ``PATH``, or in the sbin folders util-linux installs it to, which a login
    shell's or CI runner's ``PATH`` often leaves out (it is a root-only tool)."""
    search = os.pathsep.join([os.environ.get("PATH", os.defpath), "/usr/sbin", "/sbin"])
    return shutil.which("runuser", path=search)


class PostgresCluster:
    """A PostgreSQL cluster in a temporary directory, listening on 127.0.0.1 only, trusting local users.

    ``start()`` returns once the database ``database`` accepts connections; ``url`` is then ready
    for ``pulumi login``. ``stop()`` shuts the server down and deletes the directory; it is safe to
    call twice. Use it as a context manager to get both. Not for real data: authentication is off
    and fsync is disabled. A process killed before ``stop()`` leaves the server running; stop it
    with ``pg_ctl -D <root>/data stop``.

    :param database: the database ``start()`` creates and ``url`` names.
    :param base_dir: where the temporary directory goes (default: the system's temp dir). As root
        it must be reachable by the ``postgres`` OS user, and it must be short: the Unix socket
        path inside it is limited to about 100 bytes.
    :raises PostgresUnavailable: when the binaries are not installed.
    """

    def __init__(self, database: str = "pulumi", base_dir: str | None = None) -> None:
        self.database = database
        self.user = SUPERUSER
        self.host = "127.0.0.1"
        self.port = 0
        self.bindir = find_bindir()
        self._base_dir = base_dir
        self.root: Path | None = None
        self._as_root = os.geteuid() == 0
        self._env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}

    @property
    def url(self) -> str:
        """``postgres://postgres@127.0.0.1:PORT/DATABASE?sslmode=disable``: the Pulumi backend URL."""
        return f"postgres://{self.user}@{self.host}:{self.port}/{self.database}?sslmode=disable"

    @property
    def data_dir(self) -> Path:
        """The cluster's data directory (inside ``root``)."""
        if self.root is None:
            raise PostgresError("the cluster has not been started")
        return self.root / "data"

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs (from ``postmaster.pid``), else None."""
        try:
            first_line = (self.data_dir / "postmaster.pid").read_text().split("\n", 1)[0]
        except (OSError, PostgresError):
            return None
        return int(first_line) if first_line.strip().isdigit() else None

    @property
    def running(self) -> bool:
        """True while the server process exists."""
        pid = self.pid
        if pid is None:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def start(self) -> PostgresCluster:
        """Create the cluster, start the server and create the database; returns self.

        :raises PostgresError: with the server log's tail when any step fails (nothing is left behind).
        """
        if self.root is not None:
            raise PostgresError("the cluster is already started")
        try:
            self._make_root()
            self._initdb()
            self._start_server()
            self._run_client("createdb", self.database)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (fast shutdown: open sessions are cut) and delete the temporary directory."""
        if self.root is None:
            return
        try:
            if self.running:
                self._pg_ctl("stop", "-m", "fast", "-w")
        except PostgresError:
            self._kill()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def psql(self, sql: str) -> str:
        """Run ``sql`` with psql against the database; returns unaligned, tuples-only output.

        :raises PostgresError: when psql fails (the message carries its stderr).
        """
        return self._run_client(
            "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql, "-d", self.database
        )

    def __enter__(self) -> PostgresCluster:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"port {self.port}" if self.root is not None else "stopped"
        return f"<PostgresCluster {self.bindir.parent.name} {state}>"

    # -- steps -----------------------------------------------------------------------------------

    def _make_root(self) -> None:
        root = Path(tempfile.mkdtemp(prefix="plivo-pg-", dir=self._base_dir))
        self.root = root
        (root / "sock").mkdir()
        if self._as_root:
            account = self._server_account()
            for path in (root, root / "sock"):
                os.chown(path, account.pw_uid, account.pw_gid)

    def _server_account(self) -> pwd.struct_passwd:
        if _runuser() is None:
            raise PostgresUnavailable("running as root needs `runuser` (util-linux) to drop privileges")
        try:
            return pwd.getpwnam(SERVER_OS_USER)
        except KeyError:
            raise PostgresUnavailable(
                f"running as root needs the `{SERVER_OS_USER}` OS user, which `{INSTALL_HINT}` creates"
            ) from None

    def _initdb(self) -> None:
        self._run_server_tool(
            "initdb", "-D", str(self.data_dir), "-A", "trust", "-U", SUPERUSER,
            "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip

    def _start_server(self) -> None:
        assert self.root is not None
        for attempt in range(1, _START_ATTEMPTS + 1):
            self.port = free_port(self.host)
            options = [
                f"-p {self.port}",
                f"-k {shlex.quote(str(self.root / 'sock'))}",
                f"-c listen_addresses={self.host}",
                *(f"-c {setting}" for setting in _SERVER_SETTINGS),
            ]
            try:
                self._pg_ctl("-o", " ".join(options), "-l", str(self.root / "server.log"), "-w", "start")
                return
            except PostgresError:
                # Lost the race for the port to another process: pick a new one.
                if attempt == _START_ATTEMPTS or "already in use" not in self._log_tail():
                    raise

    def _pg_ctl(self, *args: str) -> None:
        self._run_server_tool("pg_ctl", "-D", str(self.data_dir), "-t", str(_TIMEOUT), *args)

    def _kill(self) -> None:
        pid = self.pid
        if pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGQUIT)  # immediate shutdown; children follow the postmaster
        deadline = time.monotonic() + 10
        while self.running and time.monotonic() < deadline:
            time.sleep(0.05)

    # -- running the binaries --------------------------------------------------------------------

    def _run_server_tool(self, tool: str, *args: str) -> str:
        command = [str(self.bindir / tool), *args]
        if self._as_root:
            self._server_account()
            command = [str(_runuser()), "-u", SERVER_OS_USER, "--", *command]
        return self._run(tool, command)

    def _run_client(self, tool: str, *args: str) -> str:
        connection = ["-h", self.host, "-p", str(self.port), "-U", SUPERUSER]
        return self._run(tool, [str(self.bindir / tool), *connection, *args])

    def _run(self, tool: str, command: list[str]) -> str:
        cwd = str(self.root) if self.root is not None else None
        try:
            done = subprocess.run(
                command, cwd=cwd, env=self._env, capture_output=True, text=True, timeout=_TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PostgresError(f"{tool} failed: {exc}") from exc
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip()
            log = self._log_tail()
            message = f"{tool} exited {done.returncode}: {detail}"
            raise PostgresError(f"{message}\nserver log:\n{log}" if log else message)
        return done.stdout.strip()

    def _log_tail(self, lines: int = 20) -> str:
        if self.root is None:
            return ""
        try:
            return "\n".join((self.root / "server.log").read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""
