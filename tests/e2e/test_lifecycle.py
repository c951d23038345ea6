"""PhoneNumber lifecycle on the plain CLI: preview tells the truth, settings change in place,
refresh sees drift, numbers are released only on purpose."""

from __future__ import annotations

import pytest

from plivo_provider.lifecycle.claims import split_alias
from tests.harness.ledger import DEFAULT_APP, SMS_APP, VOICE_APP, releases, stack_numbers
from tests.harness.scratch import Program

pytestmark = pytest.mark.e2e
N = "14155550100"


def purchase_calls(emu) -> int:
    """Every purchase request, answered or not: a preview must not even try."""
    return emu.calls("POST", "/PhoneNumber/")


def test_relink_app_is_an_in_place_update(emu, make_stack) -> None:
    program = Program(line={"number": N, "app_id": VOICE_APP})
    stack = make_stack(program)
    stack.up()
    program.specs["line"]["app_id"] = SMS_APP
    emu.control("DELETE", "requests")
    preview = stack.preview()
    assert stack.changes() == {"update": 1}
    assert "app_id" in preview.text
    assert SMS_APP in preview.text
    stack.up()
    assert emu.owned()[N]["app_id"] == SMS_APP
    assert purchase_calls(emu) == 0
    assert releases(emu) == 0
    assert stack.outputs()["line"]["app_id"] == SMS_APP
    assert stack.changes() == {}


def test_move_from_app_to_trunk_and_back(emu, make_stack) -> None:
    trunk = emu.api("POST", "Zentrunk/Trunk/", {"name": "pbx", "trunk_direction": "inbound"}).json()[
        "trunk_id"
    ]
    program = Program(line={"number": N, "app_id": VOICE_APP})
    stack = make_stack(program)
    stack.up()
    program.specs["line"] = {"number": N, "object_type": "trunk", "object_id": trunk}
    assert stack.changes() == {"update": 1}
    stack.up()
    owned = emu.owned()[N]
    assert owned["object_type"] == "trunk"
    assert owned["object_id"] == trunk
    assert owned["app_id"] is None
    assert stack.changes() == {}
    program.specs["line"] = {"number": N, "app_id": VOICE_APP}
    stack.up()
    owned = emu.owned()[N]
    assert owned["object_id"] is None
    assert owned["app_id"] == VOICE_APP
    assert purchase_calls(emu) == 1
    assert releases(emu) == 0
    assert stack.changes() == {}


def test_change_alias(emu, make_stack) -> None:
    program = Program(line={"number": N, "alias": "before"})
    stack = make_stack(program)
    stack.up()
    program.specs["line"]["alias"] = "after"
    assert stack.changes() == {"update": 1}
    stack.up()
    assert declared_alias(emu.owned()[N]) == "after"
    assert stack.changes() == {}


def test_change_number_buys_new_then_releases_old(emu, make_stack) -> None:
    program = Program(line={"number": N, "app_id": VOICE_APP})
    stack = make_stack(program)
    stack.up()
    program.specs["line"]["number"] = "+14155550101"
    assert stack.changes() == {"replace": 1}
    assert purchase_calls(emu) == 1  # preview bought nothing
    stack.up()
    assert set(emu.owned()) == {"14155550101"}
    assert purchase_calls(emu) == 2
    assert releases(emu) == 1
    assert stack.changes() == {}


def test_unlink_app(emu, make_stack) -> None:
    program = Program(line={"number": N, "app_id": VOICE_APP})
    stack = make_stack(program)
    stack.up()
    del program.specs["line"]["app_id"]
    assert stack.changes() == {"update": 1}
    stack.up()
    assert emu.owned()[N]["app_id"] is None
    assert stack.outputs()["line"]["app_id"] is None
    assert stack.changes() == {}


def test_no_app_declared_links_default_and_stays_quiet(emu, make_stack) -> None:
    stack = make_stack(Program(line={"number": N}))
    stack.up()
    assert emu.owned()[N]["app_id"] == DEFAULT_APP
    assert stack.changes() == {}


def test_refresh_picks_up_console_changes_and_up_restores(emu, make_stack) -> None:
    program = Program(line={"number": N, "app_id": VOICE_APP, "alias": "declared"})
    stack = make_stack(program)
    stack.up()
    emu.api("POST", f"Number/{N}/", {"alias": "edited in console", "app_id": SMS_APP})
    stack.refresh()
    refreshed = stack.state_of("line")
    assert refreshed["alias"] == "edited in console"
    assert refreshed["app_id"] == SMS_APP
    preview = stack.preview()
    assert stack.changes() == {"update": 1}
    assert "edited in console" in preview.text  # shown as the value being replaced
    stack.up()
    assert declared_alias(emu.owned()[N]) == "declared"
    assert emu.owned()[N]["app_id"] == VOICE_APP
    assert stack.changes() == {}


def test_refresh_sees_a_pending_number_verified(emu, make_stack) -> None:
    stack = make_stack(Program(line={"number": "4969365065273"}))
    stack.up()
    assert stack.outputs()["line"]["status"] == "pending"
    emu.control("POST", "numbers/4969365065273/verify")
    stack.refresh()
    assert stack.state_of("line")["status"] == "Success"
    assert stack.changes() == {}


def test_refresh_drops_a_number_released_outside_pulumi(emu, make_stack) -> None:
    program = Program(line={"number": N}, other={"number": "14155550101"})
    stack = make_stack(program)
    stack.up()
    assert emu.api("DELETE", f"Number/{N}/").status_code == 204
    refresh = stack.refresh()
    assert "no longer in the Plivo account" in refresh.text
    assert [r["id"] for r in stack.resources(":PhoneNumber")] == ["14155550101"]


def test_destroy_under_protect_is_refused_and_releases_nothing(emu, make_stack) -> None:
    program = Program(line={"number": N})
    program.options = {"protect": True}
    stack = make_stack(program)
    stack.up()
    destroy = stack.destroy(check=False)
    assert destroy.returncode != 0
    assert "protect" in destroy.text
    assert N in emu.owned()
    assert releases(emu) == 0


def test_replacement_under_protect_is_refused(emu, make_stack) -> None:
    program = Program(line={"number": N})
    program.options = {"protect": True}
    stack = make_stack(program)
    stack.up()
    program.specs["line"]["number"] = "14155550101"
    up = stack.up(check=False)
    assert up.returncode != 0
    assert "protect" in up.text
    assert set(emu.owned()) == {N}


def test_retain_on_delete_keeps_the_number(emu, make_stack) -> None:
    program = Program(line={"number": N})
    program.options = {"retain_on_delete": True}
    stack = make_stack(program)
    stack.up()
    stack.destroy()
    assert N in emu.owned()
    assert releases(emu) == 0
    assert stack_numbers(stack) == set()


def test_adopt_a_number_the_account_already_rents(emu, make_stack) -> None:
    assert emu.api("POST", f"PhoneNumber/{N}/", {"app_id": VOICE_APP}).status_code == 201
    emu.control("DELETE", "requests")
    stack = make_stack(Program(line={"number": N, "app_id": SMS_APP, "alias": "adopted"}))
    up = stack.up()
    assert stack.outputs()["line"]["acquired"] == "adopted"
    assert "adopted without buying" in up.text
    assert emu.owned()[N]["app_id"] == SMS_APP
    assert declared_alias(emu.owned()[N]) == "adopted"
    assert split_alias(emu.owned()[N]["alias"])[1] is not None  # and the claim tag
    successful_buys = [r for r in emu.requests_log() if "/PhoneNumber/" in r["path"] and r["status"] == 201]
    assert successful_buys == []
    assert stack.changes() == {}


def test_cnam_lookup_and_subaccount_update_in_place(emu, make_stack) -> None:
    sub = emu.api("POST", "Subaccount/", {"name": "team-a", "enabled": True}).json()["auth_id"]
    program = Program(line={"number": N})
    stack = make_stack(program)
    stack.up()
    program.specs["line"].update(cnam_lookup="enabled", subaccount=sub)
    assert stack.changes() == {"update": 1}
    stack.up()
    owned = emu.owned()[N]
    assert owned["cnam_lookup"] == "enabled"
    assert owned["sub_account"] == sub
    assert purchase_calls(emu) == 1
    assert releases(emu) == 0
    assert stack.changes() == {}


def declared_alias(record: dict) -> str | None:
    """The alias a program declared, as Plivo holds it beside the claim tag (lifecycle.claims)."""
    return split_alias(record.get("alias"))[0]
