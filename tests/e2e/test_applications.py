"""Application on the plain CLI: declared next to its numbers, linked by reference, created first,
deleted last, updated in place without touching its numbers, adopted by name, drift seen."""

from __future__ import annotations

from typing import Any

import pytest

from tests.harness.ledger import DEFAULT_APP, VOICE_APP
from tests.harness.scratch import Program

pytestmark = pytest.mark.e2e

N1, N2 = "14155550100", "14155550101"
ANSWER = "https://ivr.example.com/answer"
NEW_ANSWER = "https://ivr.example.com/v2/answer"


def ref(name: str, output: str = "app_id") -> dict[str, str]:
    return {"$ref": f"{name}.{output}"}


def apps_and_numbers(*apps: str, **numbers: dict[str, Any]) -> Program:
    """A program declaring the apps ``apps`` (named after themselves) and then ``numbers``."""
    specs: dict[str, dict[str, Any]] = {app: {"app_name": f"{app}-app", "answer_url": ANSWER} for app in apps}
    program = Program(**specs, **numbers)
    program.kinds.update(dict.fromkeys(apps, "Application"))
    return program


def ivr_with_two_numbers() -> Program:
    line, sales = {"number": N1, "app_id": ref("ivr")}, {"number": N2, "app_id": ref("ivr")}
    return apps_and_numbers("ivr", line=line, sales=sales)


def ops(emu) -> list[tuple[str, str]]:
    """The API calls the emulator saw, oldest first, as ``("POST", "Application/")``."""
    return [(r["method"], r["path"].split("/Account/", 1)[1].split("/", 1)[1]) for r in emu.requests_log()]


def first(calls: list[tuple[str, str]], method: str, prefix: str) -> int:
    return next(i for i, (m, path) in enumerate(calls) if m == method and path.startswith(prefix))


def last(calls: list[tuple[str, str]], method: str, prefix: str) -> int:
    return max(i for i, (m, path) in enumerate(calls) if m == method and path.startswith(prefix))


def count(calls: list[tuple[str, str]], method: str, prefix: str) -> int:
    return sum(1 for m, path in calls if m == method and path.startswith(prefix))


def app(emu, app_id: str) -> dict[str, Any]:
    return dict(emu.api("GET", f"Application/{app_id}/").json())


def apps_named(emu, name: str) -> list[dict[str, Any]]:
    return list(emu.api("GET", "Application/", params={"app_name": name}).json()["objects"])


def clear(emu) -> None:
    emu.control("DELETE", "requests")


def test_preview_creates_all_then_up_creates_the_app_first_and_destroy_deletes_it_last(
    emu, make_stack
) -> None:
    stack = make_stack(ivr_with_two_numbers())
    assert stack.changes() == {"create": 5}  # the app, two numbers, the stack, its claim identity
    assert [call for call in ops(emu) if call[0] != "GET"] == []  # nothing created, nothing bought

    clear(emu)
    stack.up()
    calls = ops(emu)
    app_id = stack.outputs()["ivr"]["app_id"]
    assert first(calls, "POST", "Application/") < first(calls, "POST", "PhoneNumber/")
    assert {n: emu.owned()[n]["app_id"] for n in (N1, N2)} == {N1: app_id, N2: app_id}
    # The numbers' app is this stack's: no existence check, only the create's own read-back.
    assert count(calls, "GET", f"Application/{app_id}/") == 1
    assert stack.outputs()["ivr"]["acquired"] == "created"
    assert stack.outputs()["ivr"]["sip_uri"] == f"sip:{app_id}@app.plivo.com"

    clear(emu)
    assert stack.changes() == {}
    assert emu.requests_log() == []  # a no-change preview makes no API call

    clear(emu)
    stack.destroy()
    calls = ops(emu)
    assert last(calls, "DELETE", "Number/") < first(calls, "DELETE", "Application/")
    assert emu.owned() == {}
    assert apps_named(emu, "ivr-app") == []


def test_new_answer_url_is_one_in_place_update_and_the_numbers_stay(emu, make_stack) -> None:
    program = ivr_with_two_numbers()
    stack = make_stack(program)
    stack.up()
    app_id = stack.outputs()["ivr"]["app_id"]

    program.specs["ivr"]["answer_url"] = NEW_ANSWER
    clear(emu)
    preview = stack.preview()
    assert stack.changes() == {"update": 1}
    assert NEW_ANSWER in preview.text
    assert emu.requests_log() == []  # an edit of an existing app needs no call to preview

    up = stack.up("--json")
    assert up.resource_changes() == {"update": 1}
    calls = ops(emu)
    assert count(calls, "POST", f"Application/{app_id}/") == 1
    assert count(calls, "POST", "Number/") == 0
    assert app(emu, app_id)["answer_url"] == NEW_ANSWER
    assert stack.outputs()["ivr"]["app_id"] == app_id


def test_new_app_name_replaces_the_app_and_relinks_its_numbers_first(emu, make_stack) -> None:
    program = ivr_with_two_numbers()
    stack = make_stack(program)
    stack.up()
    old_id = stack.outputs()["ivr"]["app_id"]

    program.specs["ivr"]["app_name"] = "ivr-app-v2"
    preview = stack.preview()
    assert "replace" in preview.text
    assert stack.changes() == {"replace": 1, "update": 2}  # the new app's id is unknown until up

    clear(emu)
    stack.up()
    new_id = stack.outputs()["ivr"]["app_id"]
    assert new_id != old_id
    assert {n: emu.owned()[n]["app_id"] for n in (N1, N2)} == {N1: new_id, N2: new_id}
    calls = ops(emu)
    assert first(calls, "POST", "Application/") < first(calls, "POST", "Number/")
    assert last(calls, "POST", "Number/") < first(calls, "DELETE", f"Application/{old_id}/")
    assert emu.api("GET", f"Application/{old_id}/").status_code == 404
    assert stack.changes() == {}


def test_console_edit_is_seen_by_refresh_and_undone_by_up(emu, make_stack) -> None:
    program = apps_and_numbers("ivr")
    stack = make_stack(program)
    stack.up()
    app_id = stack.outputs()["ivr"]["app_id"]
    console = "https://console.example.com/answer"
    assert emu.api("POST", f"Application/{app_id}/", {"answer_url": console}).status_code == 202

    stack.refresh()
    assert stack.state_of("ivr")["answer_url"] == console
    preview = stack.preview()
    assert stack.changes() == {"update": 1}
    assert console in preview.text
    assert ANSWER in preview.text

    stack.up()
    assert app(emu, app_id)["answer_url"] == ANSWER
    assert stack.changes() == {}


def test_app_deleted_in_the_console_leaves_state_on_refresh_and_up_recreates_it(emu, make_stack) -> None:
    program = apps_and_numbers("ivr", line={"number": N1, "app_id": ref("ivr")})
    stack = make_stack(program)
    stack.up()
    old_id = stack.outputs()["ivr"]["app_id"]
    assert emu.api("DELETE", f"Application/{old_id}/").status_code == 204

    refresh = stack.refresh()
    assert "no longer in the Plivo account" in refresh.text
    with pytest.raises(KeyError):
        stack.state_of("ivr")
    assert stack.changes() == {"create": 1, "update": 1}  # the app again; its number relinks

    stack.up()
    new_id = stack.outputs()["ivr"]["app_id"]
    assert new_id != old_id
    assert emu.owned()[N1]["app_id"] == new_id


def test_an_app_of_the_declared_name_is_adopted_not_duplicated(emu, make_stack) -> None:
    made = emu.api("POST", "Application/", {"app_name": "ivr-app", "answer_url": "https://old.example.com/"})
    existing = made.json()["app_id"]
    stack = make_stack(apps_and_numbers("ivr"))

    preview = stack.preview()
    assert "adopts it" in preview.text
    stack.up()
    outputs = stack.outputs()["ivr"]
    assert (outputs["app_id"], outputs["acquired"]) == (existing, "adopted")
    assert [a["answer_url"] for a in apps_named(emu, "ivr-app")] == [ANSWER]


def test_relinking_a_number_to_another_declared_app_is_an_update_of_the_number(emu, make_stack) -> None:
    program = apps_and_numbers("a", "b", line={"number": N1, "app_id": ref("a")})
    stack = make_stack(program)
    stack.up()
    b_id = stack.outputs()["b"]["app_id"]

    program.specs["line"]["app_id"] = ref("b")
    clear(emu)
    assert stack.changes() == {"update": 1}
    assert emu.requests_log() == []  # b is this stack's app: nothing to check at Plivo

    clear(emu)
    stack.up()
    assert emu.owned()[N1]["app_id"] == b_id
    calls = ops(emu)
    assert count(calls, "POST", f"Number/{N1}/") == 1
    assert count(calls, "GET", "Application/") == 0
    assert count(calls, "POST", "Application/") == 0


def test_default_number_app_moves_to_the_declared_app_and_destroy_says_none_is_left(emu, make_stack) -> None:
    program = apps_and_numbers("main")
    program.specs["main"]["default_number_app"] = True
    stack = make_stack(program)
    stack.up()
    assert stack.outputs()["main"]["default_number_app"] is True
    assert app(emu, DEFAULT_APP)["default_app"] is False  # Plivo keeps one default: it moved

    destroy = stack.destroy()
    assert "default number app" in destroy.text
    assert all(not a["default_app"] for a in emu.api("GET", "Application/").json()["objects"])


BAD_INPUTS = [
    pytest.param({"answer_url": "/answer"}, ["answer_url", "https://<your host>/answer"], id="relative-url"),
    pytest.param({"answer_url": "ftp://ivr.example.com/a"}, ["https://ivr.example.com/a"], id="ftp-url"),
    pytest.param({"hangup_method": "PUT"}, ["hangup_method", "'GET' or 'POST'"], id="method"),
    pytest.param({"app_name": ""}, ["app_name is required"], id="empty-name"),
    pytest.param({"subaccount": "SA123"}, ["subaccount", "SAXXXXXXXXXXXXXXXXXX"], id="subaccount"),
    pytest.param(
        {"delete_endpoints": True, "new_endpoint_application": VOICE_APP},
        ["new_endpoint_application", "keep one"],
        id="endpoints-both-ways",
    ),
]


@pytest.mark.parametrize(("change", "expected"), BAD_INPUTS)
def test_bad_input_fails_at_preview_naming_the_field_and_the_fix(
    emu, make_stack, change: dict[str, Any], expected: list[str]
) -> None:
    program = apps_and_numbers("ivr", line={"number": N1, "app_id": ref("ivr")})
    program.specs["ivr"].update(change)
    stack = make_stack(program)
    preview = stack.preview(check=False)
    assert not preview.ok
    for text in expected:
        assert text in preview.text
    assert [call for call in ops(emu) if call[0] != "GET"] == []


def test_renaming_the_resource_keeps_the_app(emu, make_stack) -> None:
    # The new resource adopts the app by name; the old one's delete in the same run leaves it.
    program = apps_and_numbers("ivr")
    stack = make_stack(program)
    stack.up()
    app_id = stack.outputs()["ivr"]["app_id"]

    program.specs = {"support": program.specs.pop("ivr")}
    program.kinds = {"support": "Application"}
    up = stack.up()
    assert "managed by another resource" in up.text
    assert stack.outputs()["support"]["app_id"] == app_id
    assert [a["app_id"] for a in apps_named(emu, "ivr-app")] == [app_id]
    assert emu.calls("DELETE", "/Application/") == 0
