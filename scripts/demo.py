"""make demo: the example stack's `dev` environment, bought offline from the local Plivo emulator.

Starts the emulator (state kept in .state/emulator.sqlite3), selects or creates stack `dev` on a
file backend in .pulumi-state/, runs `pulumi preview --diff` then `pulumi up`, prints
`pulumi stack output --json` and stops the emulator. Running it again changes nothing.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from plivo_emulator import DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN
from plivo_provider.automation import StackRunner, has_language_host, pulumi_bin_dir

ROOT = Path(__file__).resolve().parent.parent
STACK = os.environ.get("STACK", "dev")
PORT = int(os.environ.get("EMULATOR_PORT", "18080"))
PASSPHRASE = "plivo-demo"  # the passphrase Pulumi.dev.yaml was encrypted with
BACKEND = f"file://{ROOT / '.pulumi-state'}"


def banner(text: str) -> None:
    print(f"\n=== {text} ===", flush=True)


def start_emulator() -> tuple[subprocess.Popen[str], str]:
    (ROOT / ".state").mkdir(exist_ok=True)
    cmd = [
        sys.executable, "-m", "plivo_emulator", "--host", "127.0.0.1", "--port", str(PORT),
        "--auth-id", DEFAULT_AUTH_ID, "--auth-token", DEFAULT_AUTH_TOKEN,
        "--state", str(ROOT / ".state" / "emulator.sqlite3"),
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"https?://\S+", line)
    if not match:
        proc.wait(timeout=10)
        sys.exit(f"demo: the emulator did not start (is port {PORT} free? set EMULATOR_PORT=...)")
    return proc, match.group(0)


def explain_mode(runner: StackRunner) -> None:
    bin_dir = pulumi_bin_dir()
    print(f"pulumi CLI: {bin_dir}/pulumi", flush=True)
    if runner.inline and not has_language_host(bin_dir):
        print(
            "note: pulumi-language-python is not installed next to the CLI (this machine could not\n"
            "      build it from the Go module proxy), so the stack runs on the real Pulumi CLI through\n"
            "      the Automation API's inline mode. With Pulumi's official install, plain\n"
            "      `pulumi preview` / `pulumi up` in this folder do the same.",
            flush=True,
        )


def main() -> None:
    (ROOT / ".pulumi-state").mkdir(exist_ok=True)
    emulator, url = start_emulator()
    print(f"plivo emulator: {url} (state in .state/emulator.sqlite3)", flush=True)
    try:
        runner = StackRunner(ROOT, STACK, backend_url=BACKEND, passphrase=PASSPHRASE)
        explain_mode(runner)
        if PORT != 18080:  # Pulumi.dev.yaml points at the default port
            runner.set_config({"plivo:apiUrl": url})
        banner(f"pulumi preview --diff (stack {STACK})")
        runner.preview(diff=True, on_output=print)
        banner(f"pulumi up (stack {STACK})")
        result = runner.up(on_output=print)
        print(f"summary: {json.dumps(result.summary.resource_changes)}")
        banner("pulumi stack output --json")
        print(runner.cli("stack", "output", "--json"), flush=True)
    finally:
        emulator.send_signal(signal.SIGTERM)
        emulator.wait(timeout=15)


if __name__ == "__main__":
    main()
