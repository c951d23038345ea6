"""Figures for client-side pacing: how many 429s N creates meet at Plivo's 300 requests / 5 s.

Run from the repository root (needs `make cli`)::

    .venv/bin/python -m tests.team.pacing_figures --creates 100 --stacks 1 3 --pacing 0 300/5s

For every (stacks, pacing) pair it starts a fresh emulator process at ``--limit`` (one account),
builds that many stacks of ``--creates`` numbers each (explicit numbers, so a create is a buy and
a read), runs their ``pulumi up`` at the same time with ``PLIVO_RATE_LIMIT=<pacing>``, and prints
one line: calls, 429 answers (each one is a retry the client made), wall time, and the floor the
limit sets for that many calls. Nothing is asserted: the tests are tests/unit/test_pacing.py and
tests/contract/test_pacing.py.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
import uuid
from pathlib import Path

from plivo_emulator.faults import parse_rate_limit
from plivo_emulator.inventory import Inventory
from plivo_emulator.testing import EmulatorProcess
from tests.e2e.scratch import Program, ScratchStack, write_project

from ._runs import finish_all


def floor_seconds(calls: int, limit: str) -> float:
    """The least time ``calls`` requests need under a sliding window of N per W, starting fresh."""
    parsed = parse_rate_limit(limit)
    if parsed is None:
        return 0.0
    count, window = parsed
    return (math.ceil(calls / count) - 1) * window


def scenario(creates: int, stacks: int, pacing: str, limit: str, root: Path) -> dict[str, object]:
    numbers = Inventory(seed=0).numbers()
    if creates * stacks > len(numbers):
        raise SystemExit(f"the emulator sells {len(numbers)} numbers; {creates} x {stacks} asked")
    with EmulatorProcess("--rate-limit", limit) as emulator:
        emu = emulator.client()
        runners = []
        for index in range(stacks):
            mine = numbers[index * creates : (index + 1) * creates]
            runner = ScratchStack(
                write_project(root / uuid.uuid4().hex[:8], "plivo-pacing"),
                f"s{index}",
                backend_url=f"file://{root}",
                env={**emu.env(), "PLIVO_RATE_LIMIT": pacing},
                program=Program(**{f"n{i}": {"number": "+" + n} for i, n in enumerate(mine)}),
            )
            runner.select()
            runners.append(runner)
        emu.reset()  # counts start here: only the updates are measured
        started = time.monotonic()
        runs = finish_all([runner.start("up", "--yes", "--skip-preview") for runner in runners], 3600)
        wall = time.monotonic() - started
        total = emu.stats()["total"]
    calls = int(total["requests"])
    return {
        "creates": creates,
        "stacks": stacks,
        "pacing": pacing,
        "ok": sum(run.ok for run in runs),
        "calls": calls,
        "429": int(total["statuses"].get("429", 0)),
        "purchases": int(total["purchases"]),
        "wall_s": round(wall, 1),
        "floor_s": floor_seconds(calls, limit),
        "peak_per_5s": total["peak_per_5s"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--creates", type=int, nargs="+", default=[100])
    parser.add_argument("--stacks", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--pacing", nargs="+", default=["0", "300/5s"], help="PLIVO_RATE_LIMIT values")
    parser.add_argument("--limit", default="300/5s", help="the emulator's rate limit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plivo-pacing-") as folder:
        for creates in args.creates:
            for stacks in args.stacks:
                for pacing in args.pacing:
                    root = Path(folder) / uuid.uuid4().hex[:8]
                    root.mkdir()
                    print(json.dumps(scenario(creates, stacks, pacing, args.limit, root)), flush=True)


if __name__ == "__main__":
    main()
