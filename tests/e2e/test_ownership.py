"""Ownership on the plain CLI: every rented number belongs to exactly one resource of one stack.

One test per way issue 18 found to break it: renames (in one run, split over two, with and
without ``aliases``), duplicate declarations, a declared alias next to the claim tag, pools and
parentage, stack renames and re-creations, two backends on one account, a kill between the
purchase and the claim tag, ``delete_before_replace`` onto a number not for sale, and
``replace_on_changes``.
"""

from __future__ import annotations

import signal
import uuid
from collections import Counter

import pytest

from plivo_testing.pulumi_cli import kill_run
from tests.harness.scratch import Program

from .ownership_helpers import (
    CLAIM_TAG,
    documented_recovery,
    laptop,
    lines_naming,
    numbers_in_state,
    outputs_named,
    plivo_alias,
    purchase_attempts,
    purchases,
    releases,
    rename_stack,
    started_up,
    steps,
    urn,
    wait_until_nothing_held,
    writes,
)

pytestmark = pytest.mark.e2e

N = "14155550100"
NYC = {"country_iso": "US", "pattern": "212"}
SALES = {**NYC, "alias": "sales"}
ANSWER = "https://ivr.example.com/answer"
HOLD_SECONDS = 4.0  # how long the emulator holds a request of the killed run before answering 503


def kept_alone(emu, stack, name: str) -> str:
    """The number resource ``name`` holds, after checking it is the account's only number and
    the state's only PhoneNumber."""
    number = str(outputs_named(stack, name)["number"])
    assert set(emu.owned()) == {number}
    assert numbers_in_state(stack) == [number]
    return number


# -- case 1: renaming a criteria number -------------------------------------------------------------


def test_case1_plain_rename_of_a_criteria_number_is_announced_at_preview(emu, make_stack) -> None:
    program = Program(frontdesk=dict(NYC))
    stack = make_stack(program)
    stack.up()
    program.specs = {"helpdesk": dict(NYC)}
    assert steps(stack) == Counter({"create": 1, "delete": 1})
    preview = stack.preview()
    notes = [line for line in lines_naming(preview.text, "aliases") if "plivo:" in line]
    assert notes, preview.text  # a plain rename buys a new number: preview says so, and names the fix


def test_case1_rename_with_aliases_previews_no_change_and_keeps_the_number(emu, make_stack) -> None:
    program = Program(frontdesk=dict(NYC))
    stack = make_stack(program)
    stack.up()
    number = kept_alone(emu, stack, "frontdesk")
    program.specs = {"helpdesk": dict(NYC)}
    program.opts["helpdesk"] = {"aliases": [{"name": "frontdesk"}]}
    assert stack.changes() == {}
    emu.clear_requests()
    stack.up()
    assert writes(emu) == []
    assert kept_alone(emu, stack, "helpdesk") == number


# -- case 2: an exact-number rename split across two runs ---------------------------------------


def test_case2_rename_split_across_two_runs_keeps_the_number(emu, make_stack) -> None:
    program = Program(line={"number": "+" + N})
    stack = make_stack(program)
    stack.up()
    program.specs = {"support-line": {"number": "+" + N}}
    stack.up("--target", urn(stack, "support-line"))
    emu.clear_requests()
    second = stack.up()  # deletes `line` from the state
    assert releases(emu, N) == 0
    assert N in emu.owned()
    assert kept_alone(emu, stack, "support-line") == N
    assert [line for line in lines_naming(second.text, N) if "plivo:" in line], second.text


# -- case 3: one name or number declared twice ----------------------------------------------------


def test_case3_one_number_declared_twice_in_two_spellings_fails_at_preview(emu, make_stack) -> None:
    program = Program(**{"main-line": {"number": "+" + N}, "backup-line": {"number": "+1 415 555 0100"}})
    stack = make_stack(program)
    preview = stack.preview(check=False)
    assert not preview.ok
    assert lines_naming(preview.text, "main-line", "backup-line"), preview.text
    assert purchase_attempts(emu) == 0
    assert emu.owned() == {}


def test_case3_two_applications_with_one_app_name_fail_at_preview(emu, make_stack) -> None:
    app = {"app_name": "ivr-app", "answer_url": ANSWER}
    program = Program(menu=dict(app), hotline=dict(app))
    program.kinds = {"menu": "Application", "hotline": "Application"}
    stack = make_stack(program)
    preview = stack.preview(check=False)
    assert not preview.ok
    assert lines_naming(preview.text, "menu", "hotline"), preview.text
    assert emu.calls("POST", "/Application/") == 0


def test_case3_two_trunks_with_one_name_fail_at_preview(emu, make_stack) -> None:
    program = Program(pbx={"name": "office-pbx"}, standby={"name": "office-pbx"})
    program.kinds = {"pbx": "Trunk", "standby": "Trunk"}
    stack = make_stack(program)
    preview = stack.preview(check=False)
    assert not preview.ok
    assert lines_naming(preview.text, "pbx", "standby"), preview.text
    assert emu.calls("POST", "/Zentrunk/") == 0


# -- case 4: a declared alias next to the claim tag --------------------------------------------


def assert_tagged(emu, number: str, alias: str) -> None:
    """The number's Plivo alias is the declared alias followed by a claim tag."""
    at_plivo = plivo_alias(emu, number)
    assert CLAIM_TAG.search(at_plivo), at_plivo
    assert at_plivo.startswith(f"{alias} ["), at_plivo


def test_case4_state_delete_then_up_adopts_the_number_with_a_declared_alias(emu, make_stack) -> None:
    stack = make_stack(Program(sales=dict(SALES)))
    stack.up()
    number = kept_alone(emu, stack, "sales")
    stack.run("state", "delete", urn(stack, "sales"), "--yes")
    emu.clear_requests()
    stack.up()
    assert purchases(emu) == Counter()
    assert kept_alone(emu, stack, "sales") == number
    assert stack.outputs()["sales"]["alias"] == "sales"
    assert_tagged(emu, number, "sales")


def test_state_delete_then_new_criteria_and_alias_still_adopts_the_number(emu, make_stack) -> None:
    # Found by `make soak`: the claim marks the number whatever the resource declares now.
    program = Program(sales=dict(SALES))
    stack = make_stack(program)
    stack.up()
    number = kept_alone(emu, stack, "sales")
    stack.run("state", "delete", urn(stack, "sales"), "--yes")
    program.specs["sales"] = {"country_iso": "US", "pattern": "415", "alias": "sales-2"}
    emu.clear_requests()
    stack.up()
    assert purchases(emu) == Counter()
    assert kept_alone(emu, stack, "sales") == number
    assert stack.outputs()["sales"]["alias"] == "sales-2"
    assert_tagged(emu, number, "sales-2")


def test_case4_retain_on_delete_then_declared_again_adopts_the_number(emu, make_stack) -> None:
    # `keep` stays declared throughout, so the program never becomes empty.
    program = Program(keep={"number": "+" + N}, sales=dict(SALES))
    program.opts["sales"] = {"retain_on_delete": True}
    stack = make_stack(program)
    stack.up()
    number = str(outputs_named(stack, "sales")["number"])
    del program.specs["sales"]
    stack.up()
    assert releases(emu) == 0
    assert set(emu.owned()) == {N, number}
    program.specs["sales"] = dict(SALES)
    program.opts = {}
    emu.clear_requests()
    stack.up()
    assert purchases(emu) == Counter()
    assert outputs_named(stack, "sales")["number"] == number
    assert stack.outputs()["sales"]["alias"] == "sales"
    assert sorted(numbers_in_state(stack)) == sorted([N, number])


def test_case4_up_replace_keeps_the_number(emu, make_stack) -> None:
    stack = make_stack(Program(sales=dict(SALES)))
    stack.up()
    number = kept_alone(emu, stack, "sales")
    emu.clear_requests()
    stack.up("--replace", urn(stack, "sales"))
    assert purchases(emu) == Counter()
    assert releases(emu) == 0
    assert kept_alone(emu, stack, "sales") == number
    assert stack.outputs()["sales"]["alias"] == "sales"


def test_case4_a_stack_made_again_under_the_old_name_stops_instead_of_buying(emu, make_stack) -> None:
    stack = make_stack(Program(sales=dict(SALES)))
    stack.up()
    number = kept_alone(emu, stack, "sales")
    stack.run("stack", "rm", "--force", "--yes")
    stack.run("stack", "init", stack.stack, stack=False)
    emu.clear_requests()
    up = stack.up(check=False)
    assert purchase_attempts(emu) == 0
    assert set(emu.owned()) == {number}
    assert not up.ok
    fixes = [line for line in lines_naming(up.text, number) if "number=" in line and "release" in line]
    assert fixes, up.text  # names the number, how to adopt it and how to release it


# -- case 5: parentage and renames in the claim ------------------------------------------------


def test_case5_a_top_level_number_named_like_a_pool_member_buys_its_own(emu, make_stack) -> None:
    program = Program(agents={"count": 2, **NYC})
    program.kinds["agents"] = "PhoneNumberPool"
    stack = make_stack(program)
    stack.up()
    members = list(stack.outputs()["agents"]["numbers"])
    program.specs["agents-1"] = dict(NYC)
    assert steps(stack) == Counter({"create": 1})
    stack.up()
    top = str(outputs_named(stack, "agents-1")["number"])
    assert top not in members
    assert set(emu.owned()) == {*members, top}
    assert sum(purchases(emu).values()) == 3
    del program.specs["agents-1"]
    emu.clear_requests()
    stack.up()
    assert releases(emu) == 1
    assert releases(emu, top) == 1
    assert set(emu.owned()) == set(members)
    assert list(stack.outputs()["agents"]["numbers"]) == members


def test_case5_a_new_resource_under_an_aliased_old_name_fails_at_preview(emu, make_stack) -> None:
    program = Program(frontdesk=dict(NYC))
    stack = make_stack(program)
    stack.up()
    program.specs = {"helpdesk": dict(NYC)}
    program.opts["helpdesk"] = {"aliases": [{"name": "frontdesk"}]}
    stack.up()
    number = kept_alone(emu, stack, "helpdesk")
    program.opts = {}
    program.specs["frontdesk"] = dict(NYC)
    emu.clear_requests()
    preview = stack.preview(check=False)
    assert not preview.ok
    assert lines_naming(preview.text, "frontdesk", "helpdesk"), preview.text
    assert purchase_attempts(emu) == 0
    assert set(emu.owned()) == {number}


def test_case5_stack_rename_previews_no_change(emu, make_stack) -> None:
    stack = make_stack(Program(frontdesk=dict(NYC), sales=dict(SALES), line={"number": "+" + N}))
    stack.up()
    rename_stack(stack, f"{stack.stack}-renamed")
    preview = stack.preview()
    assert "claim_key" not in preview.text
    assert stack.changes() == {}
    emu.clear_requests()
    stack.up()
    assert writes(emu) == []


# -- case 6: one stack name, two states -------------------------------------------------------------


def test_case6_same_stack_name_on_two_backends_never_shares_a_number(emu, tmp_path) -> None:
    first = laptop(emu, tmp_path / "laptop-a", "bar", Program(crit=dict(NYC)))
    first.up()
    number = kept_alone(emu, first, "crit")
    second = laptop(emu, tmp_path / "laptop-b", "bar", Program(crit=dict(NYC)))
    emu.clear_requests()
    up = second.up(check=False)
    assert not set(numbers_in_state(first)) & set(numbers_in_state(second))
    assert not up.ok
    assert lines_naming(up.text, number), up.text
    assert purchase_attempts(emu) == 0
    assert set(emu.owned()) == {number}


def test_case6_a_new_stack_with_a_renamed_stacks_old_name_never_shares_its_number(emu, make_stack) -> None:
    name = f"bar-{uuid.uuid4().hex[:8]}"
    first = make_stack(Program(crit=dict(NYC)), stack=name)
    first.up()
    number = kept_alone(emu, first, "crit")
    rename_stack(first, f"{name}-renamed")
    newcomer = make_stack(Program(crit=dict(NYC)), stack=name)
    emu.clear_requests()
    up = newcomer.up(check=False)
    assert not set(numbers_in_state(first)) & set(numbers_in_state(newcomer))
    assert not up.ok
    assert lines_naming(up.text, number), up.text
    assert purchase_attempts(emu) == 0


# -- case 7: a kill between the purchase and the claim tag --------------------------------------


@pytest.mark.slow
def test_case7_kill_before_the_claim_tag_then_documented_recovery_buys_once(emu, make_stack) -> None:
    stack = make_stack(Program(frontdesk=dict(NYC), sales=dict(SALES)))
    emu.hold_after_purchases(1, timeout=HOLD_SECONDS)  # the request after the purchase never lands
    up = started_up(stack)
    try:
        emu.wait_held(timeout=120)
    finally:
        status = kill_run(up)
    assert status == -signal.SIGKILL
    (orphan,) = emu.owned()
    wait_until_nothing_held(emu, HOLD_SECONDS + 30)
    emu.release()
    assert not CLAIM_TAG.search(plivo_alias(emu, orphan))  # the kill really came before the tag

    documented_recovery(stack)
    held = numbers_in_state(stack)
    assert len(held) == 2
    assert set(emu.owned()) == set(held)
    bought = purchases(emu)
    assert set(bought) == set(held)
    assert max(bought.values()) == 1
    adopted = [o for o in stack.outputs().values() if o["number"] == orphan]
    assert [o["acquired"] for o in adopted] == ["adopted"]
    assert stack.changes() == {}


# -- case 8: delete_before_replace onto a number not for sale -------------------------------------


@pytest.mark.parametrize("why", ["rented by another account", "not in the inventory"])
def test_case8_delete_before_replace_onto_a_number_not_for_sale_fails_at_preview(
    emu, make_stack, why: str
) -> None:
    program = Program(line={"number": "+" + N})
    program.opts["line"] = {"delete_before_replace": True}
    stack = make_stack(program)
    stack.up()
    other = emu.add_account() if why == "rented by another account" else None
    target = "14155550101" if other else "14155559999"
    try:
        if other:
            assert other.buy(target).status_code == 201
        program.specs["line"] = {"number": "+" + target}
        emu.clear_requests()
        preview = stack.preview(check=False)
        up = stack.up(check=False)
        assert releases(emu) == 0
        assert set(emu.owned()) == {N}
        assert not preview.ok
        assert lines_naming(preview.text, target), preview.text
        assert not up.ok
    finally:
        if other:
            other.delete_account()


# -- resource options the provider cannot honour ------------------------------------------------


def test_replace_on_changes_refused(emu, make_stack) -> None:
    program = Program(line={"number": "+" + N})
    program.opts["line"] = {"replace_on_changes": ["alias"]}
    stack = make_stack(program)
    preview = stack.preview(check=False)
    assert not preview.ok
    assert lines_naming(preview.text, "replace_on_changes"), preview.text
    assert "Traceback" not in preview.text  # one line, not a stack trace
    assert emu.owned() == {}
