"""make team-demo: two teammates' machines share the dev stack through a PostgreSQL state backend.

It starts a private PostgreSQL cluster (free port, temporary directory) and the Plivo emulator,
clones this repository's HEAD twice (machine 1 and machine 2, each with its own ``PULUMI_HOME``,
so your own Pulumi login is never touched), then types what each teammate would, echoing every
command first. Machine 1 logs in, creates the dev stack and buys its numbers; machine 2 logs in
to the same database, sees those numbers in ``pulumi stack output`` and previews no changes.
Everything it started or created is stopped and removed at the end, whatever happens.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from demo import PASSPHRASE, STACK, emulator_at, emulator_url, say

from tests.harness.postgres import PostgresCluster, PostgresUnavailable

ROOT = Path(__file__).resolve().parent.parent


class Machine:
    """A teammate's checkout of this repository and their own Pulumi home."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.checkout = folder / name
        self.home = folder / f"{name}-pulumi-home"
        self.env = {key: value for key, value in os.environ.items() if key != "PULUMI_BACKEND_URL"}
        self.env["PULUMI_HOME"] = str(self.home)

    def set_up(self) -> None:
        say(f"git clone --quiet {shlex.quote(str(ROOT))} {shlex.quote(str(self.checkout))}")
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(self.checkout)], check=True)
        # Stands in for `python -m venv .venv && .venv/bin/pip install -r requirements.txt`.
        say(f"ln -s {shlex.quote(str(ROOT / '.venv'))} {shlex.quote(str(self.checkout / '.venv'))}")
        (self.checkout / ".venv").symlink_to(ROOT / ".venv")

    def enter(self) -> None:
        print(f"\n### {self.name}: a teammate's machine", flush=True)
        say(f"cd {shlex.quote(str(self.checkout))}")
        say(f"export PULUMI_HOME={shlex.quote(str(self.home))}   # this machine's login, not yours")

    def run(self, *argv: str) -> str:
        """Echo ``argv``, run it in the checkout, show and return what it printed."""
        say(shlex.join(argv))
        process = subprocess.Popen(argv, cwd=self.checkout, env=self.env, stdout=subprocess.PIPE, text=True)
        try:
            stdout, _ = process.communicate()
        except BaseException as exc:
            _interrupt(process, already=isinstance(exc, KeyboardInterrupt))
            raise
        print(stdout, end="", flush=True)
        if process.returncode != 0:
            sys.exit(f"team-demo: `{shlex.join(argv)}` exited {process.returncode}")
        return stdout


def _interrupt(process: subprocess.Popen[str], *, already: bool) -> None:
    """Stop a pulumi command as Ctrl-C does, so it ends its plugins; SIGKILL only if it hangs.

    ``already``: the terminal's Ctrl-C reached it too (a second one would force-quit pulumi).
    """
    if not already:
        process.send_signal(signal.SIGINT)
    try:
        process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


@contextmanager
def cluster() -> Iterator[PostgresCluster]:
    say("# a private PostgreSQL cluster for the team's state (removed at the end)")
    started = time.monotonic()
    try:
        database = PostgresCluster().start()
    except PostgresUnavailable as exc:
        sys.exit(f"team-demo: {exc}")
    print(f"started in {time.monotonic() - started:.1f} s: {database.url}", flush=True)
    try:
        yield database
    finally:
        database.stop()  # before printing: a closed stdout must not leave the server running
        print("\n(stopped the PostgreSQL cluster and removed its directory)", flush=True)


def main() -> None:
    # `kill` (SIGTERM) unwinds like Ctrl-C, so the cluster, emulator and checkouts still go away.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    bin_dir = os.environ.get("PULUMI_BIN") or str(Path.home() / ".pulumi" / "bin")
    os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    os.environ["PULUMI_CONFIG_PASSPHRASE"] = PASSPHRASE
    say(f'export PATH="{bin_dir}:$PATH" PULUMI_CONFIG_PASSPHRASE={PASSPHRASE}')
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="plivo-team-demo-")))
        database = stack.enter_context(cluster())
        stack.enter_context(emulator_at(emulator_url(), who="team-demo"))
        first, second = Machine("machine-1", folder), Machine("machine-2", folder)
        first.set_up()
        second.set_up()

        first.enter()
        first.run("pulumi", "login", database.url)
        first.run("pulumi", "stack", "select", "--create", STACK)
        first.run("pulumi", "up", "--yes")
        bought = json.loads(first.run("pulumi", "stack", "output", "--json"))

        second.enter()
        second.run("pulumi", "login", database.url)
        second.run("pulumi", "stack", "select", STACK)
        seen = json.loads(second.run("pulumi", "stack", "output", "--json"))
        second.run("pulumi", "preview", "--diff", "--expect-no-changes")
        if seen != bought:
            sys.exit("team-demo: machine 2 does not see what machine 1 bought")
        numbers = ", ".join(output["number"] for output in seen.values() if "number" in output)
        print(f"\nmachine 2 sees machine 1's numbers ({numbers}) and previews no changes.", flush=True)
        print(f"(removing {folder}: both checkouts and their Pulumi homes)", flush=True)


if __name__ == "__main__":
    main()
