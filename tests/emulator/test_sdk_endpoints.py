"""Contract with the official Python SDK (plivo 4.63) for Endpoint/: create, get, list, update and
delete with the shapes of the SDK's recordings, and what an application's delete does to them."""

from __future__ import annotations

import re

import plivo
import pytest
from plivo import exceptions

from plivo_emulator import WELL_KNOWN_APPS
from plivo_emulator.testing import EmulatorClient

pytestmark = pytest.mark.emulator

CANARY = "canary-Pw-7f3c9e21"


def test_create_get_list_update_delete(sdk: plivo.RestClient, emu: EmulatorClient) -> None:
    app = WELL_KNOWN_APPS["voice"]
    created = sdk.endpoints.create(username="zumba", password=CANARY, alias="front desk", app_id=app)
    assert created.message == "created"
    assert re.fullmatch(r"zumba[0-9]{12}", created.username)
    assert re.fullmatch(r"[0-9]{14}", created.endpoint_id)
    got = sdk.endpoints.get(created.endpoint_id)
    assert (got.alias, got.username, got.sip_uri, got.sip_registered) == (
        "front desk",
        created.username,
        f"sip:{created.username}@phone.plivo.com",
        "false",
    )
    assert got.application == f"/v1/Account/{emu.auth_id}/Application/{app}/"
    assert not hasattr(got, "password")
    listed = sdk.endpoints.list()
    assert [e.endpoint_id for e in listed] == [created.endpoint_id]
    assert listed.meta.total_count == 1
    changed = sdk.endpoints.update(created.endpoint_id, password="rotated-secret", alias="lobby")
    assert changed.message == "changed"
    assert sdk.endpoints.get(created.endpoint_id).alias == "lobby"
    sdk.endpoints.delete(created.endpoint_id)
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.endpoints.get(created.endpoint_id)
    # The request log keeps no bodies: the password never reaches it.
    assert CANARY not in repr(emu.requests_log())


def test_bad_input_is_refused_without_quoting_the_password(sdk: plivo.RestClient) -> None:
    with pytest.raises(exceptions.ValidationError, match="at least 5") as caught:
        sdk.endpoints.create(username="zumba", password="abc", alias="x")
    assert "abc" not in str(caught.value)
    with pytest.raises(exceptions.ValidationError, match="letters and digits"):
        sdk.endpoints.create(username="zu-mba", password=CANARY, alias="x")
    with pytest.raises(exceptions.ValidationError, match="app_id"):
        sdk.endpoints.create(username="zumba", password=CANARY, alias="x", app_id="99999999999999")


@pytest.mark.parametrize(("cascade", "left"), [(True, None), (False, WELL_KNOWN_APPS["sms"])])
def test_an_application_delete_deletes_or_moves_its_endpoints(
    sdk: plivo.RestClient, cascade: bool, left: str | None
) -> None:
    created = sdk.endpoints.create(
        username="desk", password=CANARY, alias="d", app_id=WELL_KNOWN_APPS["voice"]
    )
    options: dict[str, object] = {"cascade": cascade}
    if not cascade:
        options["new_endpoint_application"] = WELL_KNOWN_APPS["sms"]
    sdk.applications.delete(WELL_KNOWN_APPS["voice"], **options)
    if left is None:
        with pytest.raises(exceptions.ResourceNotFoundError):
            sdk.endpoints.get(created.endpoint_id)
    else:
        assert sdk.endpoints.get(created.endpoint_id).application.endswith(f"/Application/{left}/")
