"""A model-based test of ownership: random edits and operations, plain ``pulumi``, strict invariants.

A hypothesis state machine edits a scratch program (declare, remove, rename with and without
``aliases``, change criteria, change the declared alias, grow or shrink a pool, declare a number
twice) and runs what users run (``up``, ``up --target``, ``state delete``, ``stack rename``, a
kill at an emulator hold followed by the README's recovery) against one emulator account. After
every step:

* every number the account rents is held by exactly one PhoneNumber of the state, or was left out
  of it on purpose by the model (``state delete``); more resources may hold it only while all
  but one are no longer declared (a rename split by ``up --target``: the next ``up`` deletes them);
* every number the state holds is rented;
* no number was bought more often than it was released, plus once.

``make test`` runs 2 examples of at most 5 steps; ``OWNERSHIP_EXAMPLES`` and ``OWNERSHIP_STEPS``
raise that (``make soak``), and ``OWNERSHIP_SHRINK=1`` lets hypothesis shrink a failure (slow:
every shrink step runs ``pulumi`` again).
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from plivo_testing.pulumi_cli import kill_run
from tests.harness.scratch import Program

from .ownership_helpers import (
    POOL,
    documented_recovery,
    laptop,
    started_up,
    urn,
    wait_until_nothing_held,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

EXAMPLES = int(os.environ.get("OWNERSHIP_EXAMPLES", "2"))
STEPS = int(os.environ.get("OWNERSHIP_STEPS", "5"))
SHRINK = os.environ.get("OWNERSHIP_SHRINK") == "1"

# Exact numbers (San Francisco) and criteria (New York, Vancouver) never overlap, so a criteria
# purchase never takes a number the model may declare exactly.
EXACT = ("14155550100", "14155550101", "14155550102")
CRITERIA = ({"country_iso": "US", "pattern": "212"}, {"country_iso": "CA", "pattern": "604"})
NAMES = ("alpha", "bravo", "charlie", "agents-0")  # agents-0 is also the name of the first pool member
ALIASES = (None, "sales", "support")
POOL_NAME = "agents"
POOL_MAX = 3
HOLD_SECONDS = 4.0  # a request the killed run left held is answered 503 after this long
PHONE_NUMBER_TYPE = "pulumi-python:dynamic/plivo:PhoneNumber"


def spelled_apart(number: str) -> str:
    """``"14155550100"`` as ``"+1 415 555 0100"``: the same number in another spelling."""
    return f"+{number[0]} {number[1:4]} {number[4:7]} {number[7:]}"


@dataclass
class Decl:
    """One top-level PhoneNumber of the program: an exact number or a criteria set."""

    number: str | None = None
    criteria: int = 0
    alias: str | None = None
    aliases: list[str] = field(default_factory=list)
    """Old names, given to Pulumi as ``aliases``."""

    def args(self) -> dict[str, Any]:
        args: dict[str, Any] = {"number": "+" + self.number} if self.number else dict(CRITERIA[self.criteria])
        if self.alias:
            args["alias"] = self.alias
        return args


@dataclass
class Tally:
    """What a whole run of the test did, for the report."""

    examples: int = 0
    steps: int = 0
    ups: int = 0
    kills: int = 0


class OwnershipModel(RuleBasedStateMachine):
    """One fresh stack per example, on the one emulator account (reset per example)."""

    def __init__(self, emu: Any, root: Path, tally: Tally) -> None:
        super().__init__()
        self.emu = emu
        self.tally = tally
        tally.examples += 1
        emu.reset()
        self.program = Program()
        folder = root / f"example-{tally.examples}"
        self.stack = laptop(emu, folder, f"m-{uuid.uuid4().hex[:8]}", self.program)
        self.decls: dict[str, Decl] = {}
        self.pool = 0
        self.retained: set[str] = set()
        """Numbers rented but out of the state on purpose (``state delete``)."""
        self.detached: dict[str, str] = {}
        """Of those, the name of the resource each was taken from."""
        self.applied = False  # a full `up` has succeeded (the stack's identity is in its state)
        self.dirty = False  # edits since the last full `up`
        self.stack_renamed = False
        self.renames = 0
        self.bought: Counter[str] = Counter()
        self.released: Counter[str] = Counter()
        self.seq = 0
        self._state: list[tuple[str, str]] | None = None

    # -- the program -------------------------------------------------------------------------

    def write_program(self) -> None:
        specs: dict[str, dict[str, Any]] = {name: decl.args() for name, decl in self.decls.items()}
        opts = {name: {"aliases": [{"name": old} for old in d.aliases]} for name, d in self.decls.items()}
        kinds = {}
        if self.pool:
            specs[POOL_NAME] = {"count": self.pool, **CRITERIA[0]}
            kinds[POOL_NAME] = "PhoneNumberPool"
        self.program.specs = specs
        self.program.opts = {name: given for name, given in opts.items() if given["aliases"]}
        self.program.kinds = kinds

    def free_names(self) -> list[str]:
        taken = set(self.decls) | {old for decl in self.decls.values() for old in decl.aliases}
        return [name for name in NAMES if name not in taken]

    def free_numbers(self) -> list[str]:
        taken = {decl.number for decl in self.decls.values()}
        return [number for number in EXACT if number not in taken]

    def declared_urns(self) -> set[str]:
        top = {urn(self.stack, name) for name in self.decls}
        members = {urn(self.stack, f"{POOL_NAME}-{i}", parents=(POOL,)) for i in range(self.pool)}
        return top | members

    def edited(self, apply: bool) -> None:
        self.dirty = True
        self.write_program()
        if apply:
            self.up()

    # -- commands ----------------------------------------------------------------------------

    def command(self, *args: str) -> Any:
        self._state = None
        run = self.stack.run(*args, check=False)
        assert run.ok, f"`pulumi {' '.join(args)}` failed:\n{run.text}"
        return run

    def state(self) -> list[tuple[str, str]]:
        """(URN, number) of every PhoneNumber of the state (cached until the next command)."""
        if self._state is None:
            resources = self.stack.resources()
            self._state = [
                (str(r["urn"]), str(r["id"]))
                for r in resources
                if r.get("type") == PHONE_NUMBER_TYPE and r.get("id")
            ]
        return self._state

    def converged(self) -> None:
        """After a full `up`: the state holds exactly the declared resources, and each number the
        model took out of the state comes back where it provably belongs."""
        self.dirty = False
        self.applied = True
        self.tally.ups += 1
        held = dict(self.state())
        assert set(held) == self.declared_urns(), f"state {sorted(held)} != declared"
        for name, decl in self.decls.items():
            if decl.number:
                assert held[urn(self.stack, name)] == decl.number
        numbers = set(held.values())
        for number, name in list(self.detached.items()):
            decl = self.decls.get(name)
            exact_again = any(d.number == number for d in self.decls.values())
            own_claim = decl is not None and not decl.number and not decl.aliases and not self.stack_renamed
            if exact_again or own_claim:
                assert number in numbers, f"{number} (state-deleted from {name}) was not adopted back"

    def up(self) -> None:
        self.command("up", "--yes", "--skip-preview")
        self.converged()

    # -- set-up ------------------------------------------------------------------------------

    @initialize(
        criteria=st.sampled_from((0, 1)),
        alias=st.sampled_from(ALIASES),
        exact=st.sampled_from((None, *EXACT)),
        pool=st.integers(0, 2),
    )
    def start(self, criteria: int, alias: str | None, exact: str | None, pool: int) -> None:
        """A criteria number, maybe an exact one and maybe a pool, applied."""
        self.decls = {"alpha": Decl(criteria=criteria, alias=alias)}
        if exact:
            self.decls["bravo"] = Decl(number=exact)
        self.pool = pool
        self.edited(apply=True)

    # -- edits -------------------------------------------------------------------------------

    def has_decls(self) -> bool:
        return bool(self.decls)

    def has_free_name(self) -> bool:
        return bool(self.free_names())

    @precondition(lambda self: self.free_names() and self.free_numbers())
    @rule(data=st.data(), alias=st.sampled_from(ALIASES), apply=st.booleans())
    def declare_exact(self, data: st.DataObject, alias: str | None, apply: bool) -> None:
        self.tally.steps += 1
        name = data.draw(st.sampled_from(self.free_names()), label="name")
        number = data.draw(st.sampled_from(self.free_numbers()), label="number")
        self.decls[name] = Decl(number=number, alias=alias)
        self.edited(apply)

    @precondition(has_free_name)
    @rule(
        data=st.data(), criteria=st.sampled_from((0, 1)), alias=st.sampled_from(ALIASES), apply=st.booleans()
    )
    def declare_criteria(self, data: st.DataObject, criteria: int, alias: str | None, apply: bool) -> None:
        self.tally.steps += 1
        name = data.draw(st.sampled_from(self.free_names()), label="name")
        self.decls[name] = Decl(criteria=criteria, alias=alias)
        self.edited(apply)

    @precondition(has_decls)
    @rule(data=st.data(), apply=st.booleans())
    def remove(self, data: st.DataObject, apply: bool) -> None:
        self.tally.steps += 1
        del self.decls[data.draw(st.sampled_from(sorted(self.decls)), label="name")]
        self.edited(apply)

    @precondition(lambda self: self.decls and self.free_names())
    @rule(data=st.data(), keep_identity=st.booleans(), apply=st.booleans())
    def rename(self, data: st.DataObject, keep_identity: bool, apply: bool) -> None:
        """Rename a resource, with ``aliases=[old]`` when ``keep_identity``."""
        self.tally.steps += 1
        old = data.draw(st.sampled_from(sorted(self.decls)), label="old")
        new = data.draw(st.sampled_from(self.free_names()), label="new")
        decl = self.decls.pop(old)
        decl.aliases = [*decl.aliases, old] if keep_identity else []
        self.decls[new] = decl
        self.edited(apply)

    @precondition(lambda self: any(not decl.number for decl in self.decls.values()))
    @rule(data=st.data(), apply=st.booleans())
    def change_criteria(self, data: st.DataObject, apply: bool) -> None:
        self.tally.steps += 1
        names = sorted(name for name, decl in self.decls.items() if not decl.number)
        decl = self.decls[data.draw(st.sampled_from(names), label="name")]
        decl.criteria = 1 - decl.criteria
        self.edited(apply)

    @precondition(has_decls)
    @rule(data=st.data(), alias=st.sampled_from(ALIASES), apply=st.booleans())
    def set_alias(self, data: st.DataObject, alias: str | None, apply: bool) -> None:
        self.tally.steps += 1
        self.decls[data.draw(st.sampled_from(sorted(self.decls)), label="name")].alias = alias
        self.edited(apply)

    @rule(grow=st.booleans(), apply=st.booleans())
    def resize_pool(self, grow: bool, apply: bool) -> None:
        self.tally.steps += 1
        self.pool = max(0, min(POOL_MAX, self.pool + (1 if grow else -1)))
        self.edited(apply)

    @precondition(lambda self: self.free_names() and any(decl.number for decl in self.decls.values()))
    @rule(data=st.data())
    def duplicate_a_number(self, data: st.DataObject) -> None:
        """Declare an exact number a second time, spelled differently: preview refuses it."""
        self.tally.steps += 1
        exact = sorted(name for name, decl in self.decls.items() if decl.number)
        number = self.decls[data.draw(st.sampled_from(exact), label="original")].number
        twin = data.draw(st.sampled_from(self.free_names()), label="twin")
        assert number is not None
        self.write_program()
        self.program.specs[twin] = {"number": spelled_apart(number)}
        log = self.emu.requests_log()
        preview = self.stack.run("preview", check=False)
        writes = [
            r for r in self.emu.requests_log(since=log[-1]["seq"] if log else 0) if r["method"] != "GET"
        ]
        self.write_program()  # reverted
        assert not preview.ok, f"a number declared twice was accepted at preview:\n{preview.text}"
        assert writes == [], f"a failed preview wrote to Plivo: {writes}"

    # -- operations --------------------------------------------------------------------------

    @rule()
    def full_up(self) -> None:
        self.tally.steps += 1
        self.up()

    @precondition(lambda self: self.applied and self.decls)
    @rule(data=st.data())
    def up_target(self, data: st.DataObject) -> None:
        """``up --target`` one declared top-level resource (once the stack's identity exists)."""
        self.tally.steps += 1
        name = data.draw(st.sampled_from(sorted(self.decls)), label="target")
        self.command("up", "--yes", "--skip-preview", "--target", urn(self.stack, name))

    def deletable(self) -> list[str]:
        """Declared top-level resources the state holds under their current name."""
        held = {resource_urn for resource_urn, _ in self.state()}
        return sorted(name for name in self.decls if urn(self.stack, name) in held)

    @precondition(lambda self: self.deletable())
    @rule(data=st.data())
    def state_delete(self, data: st.DataObject) -> None:
        """``pulumi state delete`` one top-level resource; the model expects the next up to adopt."""
        self.tally.steps += 1
        name = data.draw(st.sampled_from(self.deletable()), label="name")
        number = dict(self.state())[urn(self.stack, name)]
        self.command("state", "delete", urn(self.stack, name), "--yes")
        if number not in {n for _, n in self.state()}:
            self.retained.add(number)
            self.detached[number] = name
        self.dirty = True

    @rule()
    def stack_rename(self) -> None:
        self.tally.steps += 1
        self.renames += 1
        new_name = f"{self.stack.stack.split('-r')[0]}-r{self.renames}"
        self.command("stack", "rename", new_name)
        self.stack.stack = new_name
        self.stack_renamed = True
        if not self.dirty:
            preview = self.command("preview", "--json").json()
            changes = dict(preview.get("changeSummary") or {})
            changes.pop("same", None)
            assert changes == {}, f"a stack rename alone changes {changes}"

    @precondition(has_free_name)
    @rule(criteria=st.sampled_from((0, 1)))
    def kill_at_a_hold_then_recover(self, criteria: int) -> None:
        """Declare a criteria number, kill `up` right after its purchase, run the README's recovery."""
        self.tally.steps += 1
        self.decls[self.free_names()[0]] = Decl(criteria=criteria)
        self.write_program()
        self.dirty = True
        self.emu.hold_after_purchases(1, timeout=HOLD_SECONDS)
        self._state = None
        process = started_up(self.stack)
        engaged = False
        try:
            deadline = time.monotonic() + 120
            while process.poll() is None and time.monotonic() < deadline:
                hold = self.emu.control("GET", "hold?wait=1")
                if hold["engaged"] and hold["held"]:
                    engaged = True
                    break
        finally:
            status = kill_run(process)
        if not engaged:  # it bought nothing (adopted its number): the run simply finished
            self.emu.release()
            assert status == 0, f"`pulumi up` failed with no hold engaged ({status})"
            self.converged()
            return
        assert status == -signal.SIGKILL
        self.tally.kills += 1
        wait_until_nothing_held(self.emu, HOLD_SECONDS + 30)
        self.emu.release()
        self._state = None
        documented_recovery(self.stack)  # raises, with what pulumi printed, if a step fails
        self.converged()

    # -- invariants --------------------------------------------------------------------------

    @invariant()
    def every_rented_number_has_one_owner(self) -> None:
        owned = set(self.emu.owned())
        holders: dict[str, list[str]] = defaultdict(list)
        for resource_urn, number in self.state():
            holders[number].append(resource_urn)
        not_rented = sorted(set(holders) - owned)
        assert not not_rented, f"in the state but not rented: {not_rented}"
        declared = self.declared_urns()
        for number in sorted(owned):
            mine = holders.get(number, [])
            if not mine:
                assert number in self.retained, f"{number} is rented but in no resource of the state"
                continue
            self.retained.discard(number)
            self.detached.pop(number, None)
            # Besides its one declared holder, a number may still sit in resources the program no
            # longer declares (renames split by `up --target`); the next full `up` deletes them.
            live = [u for u in mine if u in declared]
            assert len(mine) == 1 or len(live) == 1, f"{number} is held by {mine}"

    @invariant()
    def nothing_bought_twice(self) -> None:
        for record in self.emu.requests_log(since=self.seq):
            self.seq = record["seq"]
            number = record["path"].rstrip("/").rsplit("/", 1)[-1]
            if record["method"] == "POST" and "/PhoneNumber/" in record["path"] and record["status"] == 201:
                self.bought[number] += 1
            elif record["method"] == "DELETE" and "/Number/" in record["path"] and record["status"] == 204:
                self.released[number] += 1
        twice = {n: c for n, c in self.bought.items() if c > self.released[n] + 1}
        assert not twice, f"bought more often than released, plus once: {twice}"


def test_ownership_model(emu, tmp_path: Path) -> None:
    tally = Tally()
    phases = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if SHRINK else [])
    outcome = "a violation (above)"
    try:
        run_state_machine_as_test(
            lambda: OwnershipModel(emu, tmp_path, tally),
            settings=settings(
                max_examples=EXAMPLES,
                stateful_step_count=STEPS,
                deadline=None,
                database=None,
                phases=phases,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
        outcome = "no violation"
    finally:
        print(
            f"ownership model: {tally.examples} examples run, {tally.steps} steps "
            f"({tally.ups} full ups, {tally.kills} kills at a hold): {outcome}"
        )
