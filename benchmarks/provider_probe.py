"""``python -u -m benchmarks.provider_probe -u -m pulumi.dynamic ARGS``: the provider process, with timings.

Profiling only. The shim runs ``$PULUMI_PYTHON_CMD -u -m pulumi.dynamic ARGS``; the profiler points
``PULUMI_PYTHON_CMD`` at a two-line wrapper that starts this module instead. It wraps every gRPC
method of the stock servicer (Check, Diff, Create, Read, Delete...) and, when asked, every HTTP
call of ``PlivoClient``, appending one JSON line per call to ``$BENCH_PROBE_LOG``; then it runs
``pulumi.dynamic`` unchanged. Wall-clock (epoch) times, so they line up with the driver's.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import threading
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, cast

LOG_ENV = "BENCH_PROBE_LOG"
CLIENT_ENV = "BENCH_PROBE_CLIENT"  # "1": also time PlivoClient._request (imports plivo_provider early)


class ProbeLog:
    """Append-only JSON lines, safe across the servicer's worker threads."""

    def __init__(self, path: str) -> None:
        self._file = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
        self._lock = threading.Lock()

    def write(self, **item: Any) -> None:
        line = json.dumps(item)
        with self._lock:
            self._file.write(line + "\n")


def _process_start_epoch() -> float:
    """When this process started, as epoch seconds, from its age in /proc (10 ms resolution).

    (``btime`` in /proc/stat is whole seconds, too coarse; uptime minus start ticks is not.)
    """
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    age = uptime - ticks / os.sysconf("SC_CLK_TCK")
    return time.time() - age


class TimedServicer:
    """Proxy for the stock servicer: each public method logs its start and end."""

    def __init__(self, inner: Any, log: ProbeLog) -> None:
        self._inner = inner
        self._log = log

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._inner, name)
        if name.startswith("_") or not callable(method):
            return method
        return self._timed(name, method)

    def _timed(self, name: str, method: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        @wraps(method)
        def call(request: Any, context: Any) -> Any:
            started = time.time()
            try:
                return method(request, context)
            finally:
                urn = getattr(request, "urn", "")
                end = time.time()
                thread = threading.get_ident()
                self._log.write(kind="rpc", name=name, start=started, end=end, urn=urn, thread=thread)

        return call


def _patch_servicer(log: ProbeLog) -> None:
    from pulumi.runtime.proto import provider_pb2_grpc

    register = provider_pb2_grpc.add_ResourceProviderServicer_to_server

    def timed_register(servicer: Any, server: Any) -> None:
        register(cast(Any, TimedServicer(servicer, log)), server)
        log.write(kind="ready", time=time.time())

    provider_pb2_grpc.add_ResourceProviderServicer_to_server = timed_register


def _patch_client(log: ProbeLog) -> None:
    from plivo_provider.client import PlivoClient

    request = PlivoClient._request

    @wraps(request)
    def timed_request(self: PlivoClient, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        started = time.time()
        try:
            return request(self, method, path, **kwargs)
        finally:
            end, thread = time.time(), threading.get_ident()
            log.write(kind="http", method=method, path=path, start=started, end=end, thread=thread)

    setattr(PlivoClient, "_request", timed_request)  # noqa: B010


def main() -> None:
    log = ProbeLog(os.environ[LOG_ENV])
    log.write(kind="start", process_start=_process_start_epoch(), time=time.time())
    _patch_servicer(log)
    if os.environ.get(CLIENT_ENV) == "1":
        _patch_client(log)
    args = sys.argv[1:]
    rest = args[args.index("pulumi.dynamic") + 1 :]
    sys.argv = ["pulumi.dynamic", *rest]
    runpy.run_module("pulumi.dynamic", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
