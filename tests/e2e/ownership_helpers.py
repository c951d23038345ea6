"""What the ownership tests read: claim tags at Plivo, steps and resources by type, calls by number.

Every number a stack buys or adopts carries a claim tag at the end of its Plivo alias,
``"<declared alias> [pulumi <ns>/<rid>]"``; the tests match it with :data:`CLAIM_TAG` and never
spell out a namespace or resource id. A stack also holds one ``StackIdentity`` resource, so
the tests count PhoneNumber steps and resources by type, never totals.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

from plivo_testing.pulumi_cli import PulumiStack, Run
from tests.harness.scratch import Program, ScratchStack, write_project

CLAIM_TAG = re.compile(r"\[pulumi [0-9a-f]{8}/[0-9a-f]{10}\]$")
PHONE_NUMBER = "pulumi-python:dynamic/plivo:PhoneNumber"
POOL = "plivo:index:PhoneNumberPool"
PROJECT = "plivo-e2e"  # write_project's default project name
PASSPHRASE = "ownership-passphrase"


# -- stacks -------------------------------------------------------------------------------------


def laptop(emu: Any, folder: Path, stack: str, program: Program) -> ScratchStack:
    """A stack ``stack`` of a fresh project in ``folder`` with its own file backend in
    ``folder/backend``, as a second machine with its own state would have."""
    backend = folder / "backend"
    backend.mkdir(parents=True)
    runner = ScratchStack(
        write_project(folder / "project"),
        stack,
        backend_url=f"file://{backend}",
        passphrase=PASSPHRASE,
        env=emu.env(),
        program=program,
    )
    runner.select()
    return runner


def rename_stack(stack: PulumiStack, new_name: str) -> Run:
    """``pulumi stack rename <new_name>``; later commands of ``stack`` use the new name."""
    run = stack.run("stack", "rename", new_name)
    stack.stack = new_name
    return run


def urn(stack: PulumiStack, name: str, *, parents: tuple[str, ...] = (), type_: str = PHONE_NUMBER) -> str:
    """The URN of resource ``name`` of ``type_``, under the chain of parent types ``parents``
    (e.g. ``(POOL,)`` for a pool member)."""
    chain = "$".join((*parents, type_))
    return f"urn:pulumi:{stack.stack}::{PROJECT}::{chain}::{name}"


def type_of(resource_urn: str) -> str:
    """The type a URN names (its own, not its parents')."""
    return resource_urn.split("::")[2].split("$")[-1]


def steps(stack: PulumiStack, *flags: str, type_: str = PHONE_NUMBER) -> Counter[str]:
    """What a preview would do to resources of ``type_``, as ``Counter({"create": 1})``;
    unchanged resources are left out."""
    plan = stack.run("preview", "--json", *flags).json()
    ops = (step["op"] for step in plan.get("steps") or [] if type_of(step["urn"]) == type_)
    return Counter(op for op in ops if op != "same")


def numbers_in_state(stack: PulumiStack) -> list[str]:
    """The number of every PhoneNumber in the stack's state, one entry per resource."""
    return [str(r["id"]) for r in stack.resources() if r.get("type") == PHONE_NUMBER and r.get("id")]


def outputs_named(stack: PulumiStack, name: str, parents: tuple[str, ...] = ()) -> dict[str, Any]:
    """The stored outputs of the PhoneNumber with exactly the URN ``urn(stack, name, parents)``."""
    wanted = urn(stack, name, parents=parents)
    for resource in stack.resources():
        if resource.get("urn") == wanted:
            return dict(resource.get("outputs") or {})
    raise KeyError(f"no {wanted} in the state of {stack.stack}")


# -- what Plivo saw ------------------------------------------------------------------------------


def _number_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def purchases(emu: Any) -> Counter[str]:
    """Successful purchases in the request log, by number."""
    return Counter(
        _number_of(r["path"])
        for r in emu.requests_log()
        if r["method"] == "POST" and "/PhoneNumber/" in r["path"] and r["status"] == 201
    )


def purchase_attempts(emu: Any) -> int:
    """Every ``POST PhoneNumber/<n>/`` in the request log, answered or not."""
    return sum(1 for r in emu.requests_log() if r["method"] == "POST" and "/PhoneNumber/" in r["path"])


def releases(emu: Any, number: str | None = None) -> int:
    """``DELETE Number/<n>/`` calls in the request log, of ``number`` or of any number."""
    return sum(
        1
        for r in emu.requests_log()
        if r["method"] == "DELETE"
        and "/Number/" in r["path"]
        and (number is None or _number_of(r["path"]) == number)
    )


def writes(emu: Any) -> list[str]:
    """Every call in the request log that is not a read, as ``"POST /v1/.../Number/141.../"``."""
    return [f"{r['method']} {r['path']}" for r in emu.requests_log() if r["method"] != "GET"]


def plivo_alias(emu: Any, number: str) -> str:
    """The alias the account's record of ``number`` carries ("" for none)."""
    return str(emu.owned()[number].get("alias") or "")


# -- what the user read ----------------------------------------------------------------------------


def lines_naming(text: str, *words: str) -> list[str]:
    """The lines of ``text`` in which every one of ``words`` appears as a whole token (so
    ``line`` is not found inside ``support-line``, nor a number inside a longer one)."""
    patterns = [re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])") for word in words]
    return [line for line in text.splitlines() if all(p.search(line) for p in patterns)]


# -- a run killed at an emulator hold ----------------------------------------------------------------


def wait_until_nothing_held(emu: Any, seconds: float) -> None:
    """Wait (bounded) until the emulator holds no request: held requests of a killed run are
    answered 503 without doing any work once the hold's timeout has passed.

    :raises TimeoutError: a request is still held after ``seconds``.
    """
    deadline = time.monotonic() + seconds
    while emu.control("GET", "hold")["held"]:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the emulator still holds a request after {seconds:g} s")
        time.sleep(0.2)


def documented_recovery(stack: PulumiStack) -> Run:
    """The README's steps after a killed `pulumi up`: cancel, refresh --clear-pending-creates, up."""
    stack.cancel()
    stack.refresh("--clear-pending-creates")
    return stack.up()


def started_up(stack: PulumiStack) -> subprocess.Popen[str]:
    """``pulumi up`` one create at a time, started without waiting (to be killed at a hold).

    One create at a time, so no state write is in flight when the hold engages (a SIGKILL during
    the file backend's write of its ``.attrs`` sidecar leaves an empty file later commands
    fail on)."""
    return stack.start("up", "--yes", "--skip-preview", "--parallel", "1")
