"""Import time of the provider process: pulumi's own dynamic-provider host vs the same plus plivo_provider.

The provider process runs ``python -m pulumi.dynamic``; that module starts serving as soon as it is
imported, so it cannot be imported to be timed. What it imports can: the import statements of
``pulumi/dynamic/__main__.py``, taken from its source. The first ``PhoneNumber`` RPC then unpickles
the provider, which imports ``plivo_provider.provider`` (and so the whole ``plivo_provider``
package). The difference between the two is what this project adds to every provider start.
"""

from __future__ import annotations

import ast
import statistics
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

RUNS = 9
PROVIDER_IMPORT = "import plivo_provider.provider"


def host_imports() -> str:
    """The top-level import statements of ``pulumi/dynamic/__main__.py``, as source."""
    import pulumi.dynamic

    path = Path(pulumi.dynamic.__file__).with_name("__main__.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return "\n".join(
        ast.unparse(node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
    )


def _timed_code(code: str) -> str:
    return f"import time\n_t0 = time.perf_counter()\n{code}\nprint(time.perf_counter() - _t0)"


def _wall(code: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _timed_code(code)], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def _importtime(code: str) -> dict[str, int]:
    """Self time in microseconds of every module ``code`` imports (``-X importtime``)."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
    )
    times: dict[str, int] = {}
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = line.removeprefix("import time:").split("|")
        times[name.strip()] = int(self_us)
    return times


@dataclass(frozen=True)
class ImportCost:
    """Wall-clock import medians and what plivo_provider's imports consist of."""

    host_seconds: float
    with_provider_seconds: float
    added_modules: int
    added_self_ms_by_package: list[tuple[str, float]]  # largest first

    @property
    def added_seconds(self) -> float:
        return self.with_provider_seconds - self.host_seconds


def measure(runs: int = RUNS) -> ImportCost:
    """Median of ``runs`` fresh interpreters each way (interleaved), plus one ``-X importtime`` breakdown."""
    host = host_imports()
    full = f"{host}\n{PROVIDER_IMPORT}"
    host_times, full_times = [], []
    for _ in range(runs):
        host_times.append(_wall(host))
        full_times.append(_wall(full))
    base, added = _importtime(host), _importtime(full)
    by_package: dict[str, float] = defaultdict(float)
    extra = {name: us for name, us in added.items() if name not in base}
    for name, us in extra.items():
        by_package[name.split(".")[0]] += us / 1000
    ranked = sorted(by_package.items(), key=lambda item: item[1], reverse=True)
    return ImportCost(statistics.median(host_times), statistics.median(full_times), len(extra), ranked)
