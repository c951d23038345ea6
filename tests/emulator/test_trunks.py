"""Zentrunk/Trunk/: enough of the trunk API to link numbers, with the app-or-object rules."""

from __future__ import annotations

import uuid

import pytest

from plivo_emulator import WELL_KNOWN_APPS
from plivo_emulator.testing import EmulatorClient

pytestmark = pytest.mark.emulator


def make_trunk(emu: EmulatorClient, direction: str = "inbound") -> str:
    response = emu.api(
        "POST", "Zentrunk/Trunk/", {"name": f"{direction} trunk", "trunk_direction": direction}
    )
    assert response.status_code == 201, response.text
    assert response.json()["message"] == "Trunk created successfully."
    return str(response.json()["trunk_id"])


def test_create_get_list_delete(emu: EmulatorClient) -> None:
    trunk_id = make_trunk(emu)
    assert uuid.UUID(trunk_id)
    body = emu.api("GET", f"Zentrunk/Trunk/{trunk_id}/").json()
    assert body["response"]["trunk_id"] == trunk_id
    assert body["response"]["trunk_direction"] == "inbound"
    assert [t["trunk_id"] for t in emu.api("GET", "Zentrunk/Trunk/").json()["objects"]] == [trunk_id]
    assert emu.api("DELETE", f"Zentrunk/Trunk/{trunk_id}/").status_code == 204
    assert emu.api("GET", f"Zentrunk/Trunk/{trunk_id}/").status_code == 404


def test_linking_a_trunk_clears_the_app_and_vice_versa(emu: EmulatorClient) -> None:
    trunk_id = make_trunk(emu)
    emu.buy("14155550100")
    assert (
        emu.api("POST", "Number/14155550100/", {"object_type": "trunk", "object_id": trunk_id}).status_code
        == 202
    )
    body = emu.api("GET", "Number/14155550100/").json()
    assert (body["object_type"], body["object_id"], body["application"]) == ("trunk", trunk_id, None)
    assert [
        o["number"] for o in emu.api("GET", "Number/", params={"object_id": trunk_id}).json()["objects"]
    ] == ["14155550100"]
    response = emu.api("POST", "Number/14155550100/", {"app_id": WELL_KNOWN_APPS["voice"]})
    assert response.status_code == 400
    assert "trunk" in response.json()["error"]
    clear = {"app_id": WELL_KNOWN_APPS["voice"], "object_type": "", "object_id": ""}
    assert emu.api("POST", "Number/14155550100/", clear).status_code == 202
    body = emu.api("GET", "Number/14155550100/").json()
    assert body["object_id"] is None
    assert body["application"].endswith(f"/{WELL_KNOWN_APPS['voice']}/")


def test_outbound_trunks_cannot_take_numbers(emu: EmulatorClient) -> None:
    trunk_id = make_trunk(emu, "outbound")
    response = emu.buy("14155550101", object_type="trunk", object_id=trunk_id)
    assert response.status_code == 400
    assert "inbound" in response.json()["error"]


def test_trunk_id_as_app_id_links_the_trunk(emu: EmulatorClient) -> None:
    trunk_id = make_trunk(emu)
    emu.buy("14155550102", app_id=trunk_id)
    body = emu.api("GET", "Number/14155550102/").json()
    assert (body["object_type"], body["object_id"]) == ("trunk", trunk_id)


def test_deleting_a_trunk_unlinks_its_numbers(emu: EmulatorClient) -> None:
    trunk_id = make_trunk(emu)
    emu.buy("14155550103", object_type="trunk", object_id=trunk_id)
    emu.api("DELETE", f"Zentrunk/Trunk/{trunk_id}/")
    body = emu.api("GET", "Number/14155550103/").json()
    assert (body["object_type"], body["object_id"]) == (None, None)


def test_unknown_trunk_is_404(emu: EmulatorClient) -> None:
    assert emu.api("GET", f"Zentrunk/Trunk/{uuid.uuid4()}/").status_code == 404
    assert emu.api("DELETE", f"Zentrunk/Trunk/{uuid.uuid4()}/").status_code == 404
