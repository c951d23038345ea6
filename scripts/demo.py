"""make demo: the example stack's `dev` environment, bought offline from the local Plivo emulator.

It types what a user types, echoing each command first: it points Pulumi at a file backend in
.pulumi-state/ and the demo passphrase, starts the emulator on the port Pulumi.dev.yaml names (or
uses one already listening there), then runs `pulumi stack select --create dev`,
`pulumi preview --diff`, `pulumi up --yes` and `pulumi stack output --json` in the project folder.
Running it again changes nothing. It ends by printing how to carry on in your own shell.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import requests
import yaml

from plivo_emulator import DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN
from plivo_emulator.testing import EmulatorClient, EmulatorProcess, EmulatorStartError

ROOT = Path(__file__).resolve().parent.parent
STACK = "dev"
PASSPHRASE = "plivo-demo"  # what Pulumi.dev.yaml's secrets were encrypted with
EMULATOR_STATE = ".state/emulator.sqlite3"


def say(command: str) -> None:
    print(f"\n$ {command}", flush=True)


def run(*argv: str) -> None:
    """Echo a command as a user would type it, then run it in the project folder."""
    say(shlex.join(argv))
    if subprocess.run(argv, cwd=ROOT, check=False).returncode != 0:
        raise SystemExit(f"\ndemo: `{shlex.join(argv)}` failed; its output above says why")


def export(name: str, value: str, shown: str | None = None) -> None:
    say(f"export {name}={shown or shlex.quote(value)}")
    os.environ[name] = value


def emulator_url() -> str:
    """The URL the dev stack's config points at (plivo:apiUrl in Pulumi.dev.yaml)."""
    config = yaml.safe_load((ROOT / f"Pulumi.{STACK}.yaml").read_text(encoding="utf-8"))["config"]
    return str(config["plivo:apiUrl"])


@contextmanager
def emulator_at(url: str, *args: str, who: str = "demo") -> Iterator[None]:
    """The emulator where the stack expects it (``args``: e.g. its state file), echoing the command
    a user would type, and stopped at the end; one that already answers there is used instead."""
    if _answers(EmulatorClient(url, DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN)):
        print(f"\n(an emulator already answers at {url}: using it)", flush=True)
        yield
        return
    port = urlsplit(url).port
    args = ("--port", str(port), *args)
    say(f".venv/bin/plivo-emulator {shlex.join(args)} &")
    try:
        process = EmulatorProcess(*args, cwd=ROOT).start()
    except EmulatorStartError as exc:
        sys.exit(f"{who}: {exc}\n      is port {port} taken? Stop what listens there, then run `make {who}`.")
    print(f"plivo emulator listening on {process.url}", flush=True)
    try:
        yield
    finally:
        process.stop()
        print("\n(stopped the emulator)", flush=True)


def _answers(client: EmulatorClient) -> bool:
    try:
        return client.health()
    except requests.RequestException:
        return False


def carry_on(bin_dir: str, backend: str) -> None:
    port = urlsplit(emulator_url()).port
    print(
        f"""
To carry on in your own shell, in this folder (docs/stacks-and-configuration.md). No need to
activate .venv: Pulumi.yaml names it. `pulumi login {backend}` instead of the
PULUMI_BACKEND_URL line makes that backend the default for every project on this machine.

  export PATH="{bin_dir}:$PATH"
  export PULUMI_BACKEND_URL={backend}
  export PULUMI_CONFIG_PASSPHRASE={PASSPHRASE}
  .venv/bin/plivo-emulator --port {port} --state {EMULATOR_STATE} &
  pulumi preview --diff
""",
        flush=True,
    )


def main() -> None:
    bin_dir = os.environ.get("PULUMI_BIN") or str(Path.home() / ".pulumi" / "bin")
    backend = f"file://{ROOT / '.pulumi-state'}"
    (ROOT / ".pulumi-state").mkdir(exist_ok=True)
    export("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}", shown=f'"{bin_dir}:$PATH"')
    export("PULUMI_BACKEND_URL", backend)
    export("PULUMI_CONFIG_PASSPHRASE", PASSPHRASE)
    (ROOT / ".state").mkdir(exist_ok=True)
    with emulator_at(emulator_url(), "--state", EMULATOR_STATE):  # numbers kept between runs
        run("pulumi", "stack", "select", "--create", STACK)
        run("pulumi", "preview", "--diff")
        run("pulumi", "up", "--yes")
        run("pulumi", "stack", "output", "--json")
    carry_on(bin_dir, backend)


if __name__ == "__main__":
    main()
