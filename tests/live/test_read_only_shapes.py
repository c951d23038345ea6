"""Read-only calls answered by the real Plivo API and by the emulator have the same shape.

Like moto's ``aws_verified`` tests: the same calls go to both, and every key Plivo sends must
be in the emulator's answer with the same JSON type. Only GETs are sent (the transport refuses
anything else), so the real account is never charged or changed.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from plivo_emulator import WELL_KNOWN_APPS
from plivo_emulator.testing import EmulatorClient

from .conftest import LIVE_API_URL, LIVE_AUTH_ID, LIVE_AUTH_TOKEN, SKIP_REASON
from .shapes import differences, read_only_session, shape

if not (LIVE_AUTH_ID and LIVE_AUTH_TOKEN):
    pytest.skip(SKIP_REASON, allow_module_level=True)  # one line in the summary for the whole tier
pytestmark = pytest.mark.live

# (what, path under /v1/Account/{id}/, query): calls the provider makes or relies on.
CALLS = [
    ("account", "", {}),
    ("search numbers", "PhoneNumber/", {"country_iso": "US", "type": "local", "limit": "3"}),
    ("list rented numbers", "Number/", {"limit": "3", "offset": "0"}),
    ("list applications", "Application/", {"limit": "3", "offset": "0"}),
]


def get(session: requests.Session, base: str, auth_id: str, path: str, query: dict[str, str]) -> Any:
    response = session.get(f"{base}/v1/Account/{auth_id}/{path}", params=query, timeout=20)
    assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text[:200]}"
    return response.json()


@pytest.fixture(scope="module")
def live() -> requests.Session:
    return read_only_session(LIVE_AUTH_ID, LIVE_AUTH_TOKEN)


@pytest.mark.parametrize(("what", "path", "query"), CALLS, ids=[call[0] for call in CALLS])
def test_emulator_answers_in_plivos_shape(
    live: requests.Session, emu: EmulatorClient, what: str, path: str, query: dict[str, str]
) -> None:
    real = get(live, LIVE_API_URL, LIVE_AUTH_ID, path, query)
    emu.buy("14155550100")  # so the emulator's lists are not empty either
    emulated = get(read_only_session(emu.auth_id, emu.auth_token), emu.url, emu.auth_id, path, query)
    assert differences(shape(real), shape(emulated)) == [], what


def test_an_application_reads_back_in_plivos_shape(live: requests.Session, emu: EmulatorClient) -> None:
    apps = get(live, LIVE_API_URL, LIVE_AUTH_ID, "Application/", {"limit": "1", "offset": "0"})["objects"]
    if not apps:
        pytest.skip("the live account has no application to read")
    real = get(live, LIVE_API_URL, LIVE_AUTH_ID, f"Application/{apps[0]['app_id']}/", {})
    session = read_only_session(emu.auth_id, emu.auth_token)
    emulated = get(session, emu.url, emu.auth_id, f"Application/{WELL_KNOWN_APPS['voice']}/", {})
    assert differences(shape(real), shape(emulated)) == []
