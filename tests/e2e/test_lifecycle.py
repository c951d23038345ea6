"""PhoneNumber lifecycle on the real CLI: preview tells the truth, settings change in place,
refresh sees drift, numbers are released only on purpose."""

from __future__ import annotations

import pytest
from helpers import DEFAULT_APP, SMS_APP, VOICE_APP, Numbers, assert_quiet, changes, resource_outputs
from pulumi.automation import errors as auto_errors

pytestmark = pytest.mark.e2e
N = "14155550100"


def purchases(emu) -> int:
    return emu.calls("POST", "/PhoneNumber/")


def releases(emu) -> int:
    return emu.calls("DELETE", "/Number/")


def test_relink_app_is_an_in_place_update(emu, make_stack, cli_output) -> None:
    program = Numbers(line={"number": N, "app_id": VOICE_APP})
    stack = make_stack(program)
    stack.up()
    program.specs["line"]["app_id"] = SMS_APP
    emu.control("DELETE", "requests")
    preview = stack.preview(diff=True, on_output=cli_output)
    assert dict(preview.change_summary) == {"update": 1, "same": 1}
    assert "app_id" in cli_output.text and SMS_APP in cli_output.text
    stack.up()
    assert emu.owned()[N]["app_id"] == SMS_APP
    assert (purchases(emu), releases(emu)) == (0, 0)
    assert stack.outputs()["line"]["app_id"] == SMS_APP
    assert_quiet(stack)


def test_move_from_app_to_trunk_and_back(emu, make_stack) -> None:
    trunk = emu.api("POST", "Zentrunk/Trunk/", {"name": "pbx", "trunk_direction": "inbound"}).json()[
        "trunk_id"
    ]
    program = Numbers(line={"number": N, "app_id": VOICE_APP})
    stack = make_stack(program)
    stack.up()
    program.specs["line"] = {"number": N, "object_type": "trunk", "object_id": trunk}
    assert changes(stack) == {"update": 1}
    stack.up()
    owned = emu.owned()[N]
    assert (owned["object_type"], owned["object_id"], owned["app_id"]) == ("trunk", trunk, None)
    assert_quiet(stack)
    program.specs["line"] = {"number": N, "app_id": VOICE_APP}
    stack.up()
    owned = emu.owned()[N]
    assert (owned["object_id"], owned["app_id"]) == (None, VOICE_APP)
    assert (purchases(emu), releases(emu)) == (1, 0)
    assert_quiet(stack)


def test_change_alias(emu, make_stack) -> None:
    program = Numbers(line={"number": N, "alias": "before"})
    stack = make_stack(program)
    stack.up()
    program.specs["line"]["alias"] = "after"
    assert changes(stack) == {"update": 1}
    stack.up()
    assert emu.owned()[N]["alias"] == "after"
    assert_quiet(stack)


def test_change_number_buys_new_then_releases_old(emu, make_stack, cli_output) -> None:
    program = Numbers(line={"number": N, "app_id": VOICE_APP})
    stack = make_stack(program)
    stack.up()
    program.specs["line"]["number"] = "+14155550101"
    preview = stack.preview(diff=True, on_output=cli_output)
    assert preview.change_summary.get("replace") == 1
    assert purchases(emu) == 1  # preview bought nothing
    stack.up()
    assert set(emu.owned()) == {"14155550101"}
    assert (purchases(emu), releases(emu)) == (2, 1)
    assert_quiet(stack)


def test_unlink_app(emu, make_stack) -> None:
    program = Numbers(line={"number": N, "app_id": VOICE_APP})
    stack = make_stack(program)
    stack.up()
    del program.specs["line"]["app_id"]
    assert changes(stack) == {"update": 1}
    stack.up()
    assert emu.owned()[N]["app_id"] is None
    assert stack.outputs()["line"]["app_id"] is None
    assert_quiet(stack)


def test_no_app_declared_links_default_and_stays_quiet(emu, make_stack) -> None:
    stack = make_stack(Numbers(line={"number": N}))
    stack.up()
    assert emu.owned()[N]["app_id"] == DEFAULT_APP
    assert_quiet(stack)


def test_refresh_picks_up_console_changes_and_up_restores(emu, make_stack, cli_output) -> None:
    program = Numbers(line={"number": N, "app_id": VOICE_APP, "alias": "declared"})
    stack = make_stack(program)
    stack.up()
    emu.api("POST", f"Number/{N}/", {"alias": "edited in console", "app_id": SMS_APP})
    stack.refresh()
    refreshed = resource_outputs(stack, "line")
    assert (refreshed["alias"], refreshed["app_id"]) == ("edited in console", SMS_APP)
    preview = stack.preview(diff=True, on_output=cli_output)
    assert preview.change_summary.get("update") == 1
    assert "edited in console" in cli_output.text  # shown as the value being replaced
    stack.up()
    assert (emu.owned()[N]["alias"], emu.owned()[N]["app_id"]) == ("declared", VOICE_APP)
    assert_quiet(stack)


def test_refresh_sees_a_pending_number_verified(emu, make_stack) -> None:
    stack = make_stack(Numbers(line={"number": "4969365065273"}))
    stack.up()
    assert stack.outputs()["line"]["status"] == "pending"
    emu.control("POST", "numbers/4969365065273/verify")
    stack.refresh()
    assert resource_outputs(stack, "line")["status"] == "Success"
    assert_quiet(stack)


def test_refresh_drops_a_number_released_outside_pulumi(emu, make_stack, cli_output) -> None:
    program = Numbers(line={"number": N}, other={"number": "14155550101"})
    stack = make_stack(program)
    stack.up()
    assert emu.api("DELETE", f"Number/{N}/").status_code == 204
    stack.refresh(on_output=cli_output)
    assert "no longer in the Plivo account" in cli_output.text
    resources = [r for r in stack.export()["resources"] if r["type"].endswith("PhoneNumber")]
    assert [r["id"] for r in resources] == ["14155550101"]


def test_destroy_under_protect_is_refused_and_releases_nothing(emu, make_stack) -> None:
    program = Numbers(line={"number": N})
    program.options = {"protect": True}
    stack = make_stack(program)
    stack.up()
    with pytest.raises(auto_errors.CommandError, match="protect"):
        stack.destroy()
    assert N in emu.owned()
    assert releases(emu) == 0


def test_replacement_under_protect_is_refused(emu, make_stack) -> None:
    program = Numbers(line={"number": N})
    program.options = {"protect": True}
    stack = make_stack(program)
    stack.up()
    program.specs["line"]["number"] = "14155550101"
    with pytest.raises(auto_errors.CommandError, match="protect"):
        stack.up()
    assert set(emu.owned()) == {N}


def test_retain_on_delete_keeps_the_number(emu, make_stack) -> None:
    program = Numbers(line={"number": N})
    program.options = {"retain_on_delete": True}
    stack = make_stack(program)
    stack.up()
    stack.destroy()
    assert N in emu.owned()
    assert releases(emu) == 0
    assert not [r for r in stack.export().get("resources", []) if r["type"].endswith("PhoneNumber")]


def test_adopt_a_number_the_account_already_rents(emu, make_stack, cli_output) -> None:
    assert emu.api("POST", f"PhoneNumber/{N}/", {"app_id": VOICE_APP}).status_code == 201
    emu.control("DELETE", "requests")
    stack = make_stack(Numbers(line={"number": N, "app_id": SMS_APP, "alias": "adopted"}))
    stack.up(on_output=cli_output)
    outputs = stack.outputs()["line"]
    assert outputs["acquired"] == "adopted"
    assert "adopted without buying" in cli_output.text
    assert (emu.owned()[N]["app_id"], emu.owned()[N]["alias"]) == (SMS_APP, "adopted")
    successful_buys = [r for r in emu.requests_log() if "/PhoneNumber/" in r["path"] and r["status"] == 201]
    assert successful_buys == []
    assert_quiet(stack)


def test_cnam_lookup_and_subaccount_update_in_place(emu, make_stack) -> None:
    sub = emu.api("POST", "Subaccount/", {"name": "team-a", "enabled": True}).json()["auth_id"]
    program = Numbers(line={"number": N})
    stack = make_stack(program)
    stack.up()
    program.specs["line"].update(cnam_lookup="enabled", subaccount=sub)
    assert changes(stack) == {"update": 1}
    stack.up()
    owned = emu.owned()[N]
    assert (owned["cnam_lookup"], owned["sub_account"]) == ("enabled", sub)
    assert (purchases(emu), releases(emu)) == (1, 0)
    assert_quiet(stack)
