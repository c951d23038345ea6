"""Trunk on the plain CLI: numbers link to a declared Zentrunk inbound trunk by reference."""

from __future__ import annotations

from typing import Any

import pytest

from tests.harness.scratch import Program

from .test_applications import clear, count, first, last, ops

pytestmark = pytest.mark.e2e

N1 = "14155550100"


def pbx_with_a_number(**trunk: Any) -> Program:
    line = {"number": N1, "object_type": "trunk", "object_id": {"$ref": "pbx.trunk_id"}}
    program = Program(pbx={"name": "office-pbx", **trunk}, line=line)
    program.kinds["pbx"] = "Trunk"
    return program


def trunk(emu, trunk_id: str) -> dict[str, Any]:
    return dict(emu.api("GET", f"Zentrunk/Trunk/{trunk_id}/").json()["response"])


def test_trunk_is_created_before_its_numbers_renamed_in_place_and_deleted_after_them(emu, make_stack) -> None:
    program = pbx_with_a_number()
    stack = make_stack(program)
    assert stack.changes() == {"create": 4}
    assert [call for call in ops(emu) if call[0] != "GET"] == []

    clear(emu)
    stack.up()
    calls = ops(emu)
    trunk_id = stack.outputs()["pbx"]["trunk_id"]
    assert first(calls, "POST", "Zentrunk/Trunk/") < first(calls, "POST", "PhoneNumber/")
    owned = emu.owned()[N1]
    assert (owned["object_type"], owned["object_id"]) == ("trunk", trunk_id)
    assert stack.outputs()["pbx"]["trunk_domain"] == f"{trunk_id}.zt.plivo.com"

    program.specs["pbx"]["name"] = "office-pbx-2"
    clear(emu)
    assert stack.changes() == {"update": 1}  # the trunk only: its id is known, the number unchanged
    assert ops(emu) == [("GET", "Zentrunk/Trunk/")]  # is the new name free? nothing else
    stack.up()
    assert trunk(emu, trunk_id)["name"] == "office-pbx-2"
    assert count(ops(emu), "POST", "Number/") == 0

    clear(emu)
    stack.destroy()
    calls = ops(emu)
    assert last(calls, "DELETE", "Number/") < first(calls, "DELETE", "Zentrunk/Trunk/")
    assert emu.api("GET", f"Zentrunk/Trunk/{trunk_id}/").status_code == 404


def test_trunk_disabled_in_the_console_is_drift_that_up_undoes(emu, make_stack) -> None:
    stack = make_stack(pbx_with_a_number(trunk_status="enabled"))
    stack.up()
    trunk_id = stack.outputs()["pbx"]["trunk_id"]
    emu.api("POST", f"Zentrunk/Trunk/{trunk_id}/", {"trunk_status": "disabled"})

    stack.refresh()
    assert stack.state_of("pbx")["trunk_status"] == "disabled"
    assert stack.changes() == {"update": 1}
    stack.up()
    assert trunk(emu, trunk_id)["trunk_status"] == "enabled"


def test_an_inbound_trunk_of_the_name_is_adopted_and_an_outbound_one_refused_at_preview(
    emu, make_stack
) -> None:
    existing = emu.api("POST", "Zentrunk/Trunk/", {"name": "office-pbx", "trunk_direction": "inbound"})
    stack = make_stack(pbx_with_a_number())
    stack.up()
    outputs = stack.outputs()["pbx"]
    assert (outputs["trunk_id"], outputs["acquired"]) == (existing.json()["trunk_id"], "adopted")

    emu.api("POST", "Zentrunk/Trunk/", {"name": "sip-out", "trunk_direction": "outbound"})
    other = make_stack(Program(out={"name": "sip-out"}))
    other.program.kinds["out"] = "Trunk"
    clear(emu)
    preview = other.preview(check=False)
    assert not preview.ok
    assert "outbound" in preview.text
    assert [call for call in ops(emu) if call[0] != "GET"] == []


def test_relinking_a_number_from_a_declared_trunk_to_a_declared_app(emu, make_stack) -> None:
    program = pbx_with_a_number()
    program.specs = {"ivr": {"app_name": "ivr-app"}, **program.specs}
    program.kinds["ivr"] = "Application"
    stack = make_stack(program)
    stack.up()
    app_id = stack.outputs()["ivr"]["app_id"]

    line = program.specs["line"]
    del line["object_type"], line["object_id"]
    line["app_id"] = {"$ref": "ivr.app_id"}
    assert stack.changes() == {"update": 1}
    stack.up()
    owned = emu.owned()[N1]
    assert (owned["app_id"], owned["object_id"]) == (app_id, None)
