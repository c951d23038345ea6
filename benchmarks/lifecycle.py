"""``python -m benchmarks.lifecycle KIND N LATENCY_MS URL WORKDIR``: one lifecycle, in a fresh process.

The driver (:mod:`.run`) starts one of these per repetition (see
:func:`.scenarios.run_lifecycle_isolated` for why) and reads its samples, one JSON list on the
last line of stdout. The inline Pulumi program and its language server live in this process.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from .emulator import Emulator
from .scenarios import KINDS, run_lifecycle


def main(argv: list[str]) -> int:
    kind, n, latency_ms, url, workdir = argv
    if kind not in KINDS:
        print(f"unknown kind {kind!r}; one of {', '.join(KINDS)}", file=sys.stderr)
        return 2
    samples = run_lifecycle(kind, int(n), int(latency_ms), Emulator(url), Path(workdir))
    print(json.dumps([asdict(sample) for sample in samples]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
