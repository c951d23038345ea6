"""Run ``python -m plivo_emulator`` as a subprocess and learn its URL from the first stdout line."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
URL_LINE = re.compile(r"^plivo emulator listening on (http://127\.0\.0\.1:\d+)\n$")
START_TIMEOUT = 20


def start_emulator(*args: str) -> tuple[subprocess.Popen[str], str]:
    """Start an emulator on a free port; returns the process and its base URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLIVO_EMULATOR_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "plivo_emulator", "--port", "0", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], START_TIMEOUT)
    line = proc.stdout.readline() if ready else ""
    match = URL_LINE.match(line)
    if match is None:
        proc.kill()
        raise AssertionError(f"emulator did not announce its URL: {line!r}")
    return proc, match.group(1)


def stop(proc: subprocess.Popen[str]) -> None:
    """Kill the process if it still runs and reap it."""
    if proc.poll() is None:
        proc.kill()
    proc.communicate(timeout=10)
