"""The benchmark program: ``bench:count`` resources of ``bench:kind``, one per line of ``numbers.txt``.

Sized by stack config, like pulumi/examples' py-many-resources: ``bench:kind`` is ``plivo``
(``PhoneNumber`` linked to ``bench:appId``) or ``noop`` (``benchmarks.noop.Noop`` storing
``bench:shape``); ``bench:offset`` skips that many numbers (one fleet split into stacks).
``bench:stackTraces: false`` is an experiment: the SDK then records no Python call stack per
resource (about 1.2 kB of each resource's state; no user setting does this).
"""

from pathlib import Path

import pulumi

config = pulumi.Config("bench")
kind = config.require("kind")
count = config.require_int("count")
offset = config.get_int("offset") or 0
app_id = config.require("appId")
numbers = Path("numbers.txt").read_text(encoding="utf-8").split()[offset : offset + count]

if config.get_bool("stackTraces") is False:
    from pulumi.runtime import resource as sdk_resource
    from pulumi.runtime.proto import source_pb2

    sdk_resource._get_stack_trace = source_pb2.StackTrace

if kind == "plivo":
    from plivo_provider import PhoneNumber

    for index, number in enumerate(numbers, start=offset):
        PhoneNumber(f"number-{index}", number=number, app_id=app_id)
else:
    from benchmarks.noop import Noop

    shape = config.get("shape") or "fields:1"
    for index, number in enumerate(numbers, start=offset):
        Noop(f"number-{index}", number=number, app_id=app_id, shape=shape)
