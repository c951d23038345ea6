"""Contract with the official Python SDK (plivo 4.63) for Application/: create, get, list, update,
delete, the default number app, and how the emulator's errors surface as the SDK's exceptions."""

from __future__ import annotations

import plivo
import pytest
from plivo import exceptions

from plivo_emulator import WELL_KNOWN_APPS
from plivo_emulator.testing import EmulatorClient

pytestmark = pytest.mark.emulator


def test_create_get_list_update_delete(sdk: plivo.RestClient) -> None:
    created = sdk.applications.create(app_name="sdk app", answer_url="https://example.com/answer")
    assert created.message == "created"
    assert created.app_id.isdigit()
    app = sdk.applications.get(created.app_id)
    assert (app.app_id, app.app_name, app.answer_url, app.answer_method) == (
        created.app_id,
        "sdk app",
        "https://example.com/answer",
        "POST",
    )
    assert app.sip_uri == f"sip:{created.app_id}@app.plivo.com"
    assert app.default_app is False
    assert [a.app_name for a in sdk.applications.list()] == [
        "Default Number App",
        "Voice IVR",
        "SMS Bot",
        "sdk app",
    ]
    changed = sdk.applications.update(
        created.app_id, answer_url="https://example.com/v2", hangup_method="GET"
    )
    assert changed.message == "changed"
    app = sdk.applications.get(created.app_id)
    assert (app.answer_url, app.hangup_method, app.app_name) == ("https://example.com/v2", "GET", "sdk app")
    sdk.applications.delete(created.app_id)
    with pytest.raises(exceptions.ResourceNotFoundError, match="not found"):
        sdk.applications.get(created.app_id)


def test_list_filters_by_name_and_pages(sdk: plivo.RestClient) -> None:
    for name in ("one", "two", "three"):
        sdk.applications.create(app_name=name)
    assert [a.app_name for a in sdk.applications.list(app_name="two")] == ["two"]
    page = sdk.applications.list(limit=2, offset=4)
    assert [a.app_name for a in page] == ["two", "three"]
    assert (page.meta.total_count, page.meta.offset, page.meta.limit, page.meta.next) == (6, 4, 2, None)


def test_the_default_number_app_moves_and_links_new_numbers(sdk: plivo.RestClient) -> None:
    created = sdk.applications.create(app_name="new default", default_number_app=True)
    assert sdk.applications.get(created.app_id).default_app is True
    assert sdk.applications.get(WELL_KNOWN_APPS["default"]).default_app is False
    sdk.numbers.buy("14155550100")
    assert sdk.numbers.get("14155550100").application.endswith(f"/{created.app_id}/")


def test_an_sdk_update_sends_default_number_app_false(sdk: plivo.RestClient, emu: EmulatorClient) -> None:
    # applications.update() sends every keyword's default, default_number_app=False included, so
    # updating the default app through the SDK makes it an ordinary app. The emulator takes the
    # request at its word; see the README.
    sdk.applications.update(WELL_KNOWN_APPS["default"], answer_url="https://example.com/v2")
    assert sdk.applications.get(WELL_KNOWN_APPS["default"]).default_app is False
    emu.buy("14155550101")
    assert sdk.numbers.get("14155550101").application is None


@pytest.mark.parametrize(
    "options",
    [{}, {"cascade": True}, {"cascade": False, "new_endpoint_application": WELL_KNOWN_APPS["sms"]}],
)
def test_delete_options(sdk: plivo.RestClient, options: dict[str, object]) -> None:
    sdk.numbers.buy("14155550102", app_id=WELL_KNOWN_APPS["voice"])
    sdk.applications.delete(WELL_KNOWN_APPS["voice"], **options)
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.applications.get(WELL_KNOWN_APPS["voice"])
    assert sdk.numbers.get("14155550102").application is None


def test_errors_surface_as_the_sdks_exceptions(sdk: plivo.RestClient) -> None:
    with pytest.raises(exceptions.ValidationError, match="app_name is required"):
        sdk.applications.create(app_name="")
    with pytest.raises(exceptions.ValidationError, match="answer_method must be one of: GET, POST"):
        sdk.applications.create(app_name="x", answer_method="PUT")
    with pytest.raises(exceptions.ValidationError, match="invalid new_endpoint_application"):
        sdk.applications.delete(WELL_KNOWN_APPS["voice"], new_endpoint_application="424242")
    with pytest.raises(exceptions.ResourceNotFoundError, match="not found"):
        sdk.applications.get("424242")
    with pytest.raises(exceptions.ResourceNotFoundError, match="not found"):
        sdk.applications.update("424242", answer_url="https://example.com/")
    with pytest.raises(exceptions.ResourceNotFoundError, match="not found"):
        sdk.applications.delete("424242")
    assert len(sdk.applications.list()) == len(WELL_KNOWN_APPS)
