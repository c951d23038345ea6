"""The benchmark program: ``bench:count`` resources of ``bench:kind``, one per line of ``numbers.txt``.

Sized by stack config, like pulumi/examples' py-many-resources: ``bench:kind`` is ``plivo``
(``PhoneNumber`` linked to ``bench:appId``) or ``noop`` (``benchmarks.noop.Noop`` storing
``bench:shape``); ``bench:offset`` skips that many numbers (one fleet split into stacks).
"""

from pathlib import Path

import pulumi

config = pulumi.Config("bench")
kind = config.require("kind")
count = config.require_int("count")
offset = config.get_int("offset") or 0
app_id = config.require("appId")
numbers = Path("numbers.txt").read_text(encoding="utf-8").split()[offset : offset + count]

if kind == "plivo":
    from plivo_provider import PhoneNumber

    for index, number in enumerate(numbers, start=offset):
        PhoneNumber(f"number-{index}", number=number, app_id=app_id)
else:
    from benchmarks.noop import Noop

    shape = config.get("shape") or "fields:1"
    for index, number in enumerate(numbers, start=offset):
        Noop(f"number-{index}", number=number, app_id=app_id, shape=shape)
