"""Property: whatever arrives, the emulator answers JSON, never 5xx, with an ``error`` on every 4xx."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import Client

from plivo_emulator import DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN, WELL_KNOWN_APPS, FaultConfig
from plivo_emulator.http.app import EmulatorApp
from plivo_emulator.http.faults import Faults
from plivo_emulator.state.backend import Backend
from plivo_emulator.state.inventory import Inventory
from plivo_emulator.state.store import Store

pytestmark = pytest.mark.emulator

KNOWN_KEYS = [
    "app_id",
    "alias",
    "subaccount",
    "cnam_lookup",
    "object_type",
    "object_id",
    "numbers",
    "carrier",
    "region",
    "number_type",
    "app_name",
    "answer_url",
    "default_number_app",
    "name",
    "enabled",
    "ha_enable",
    "verification_info",
    "message_url",
    "message_method",
    "trunk_direction",
    "cascade",
    "compliance_application_id",
    "auth_id",
    "auth_token",
    "number",
]
QUERY_KEYS = [
    "country_iso",
    "type",
    "number_type",
    "pattern",
    "region",
    "city",
    "services",
    "lata",
    "npanxx",
    "rate_center",
    "limit",
    "offset",
    "alias",
    "renewal_date__gt",
    "subaccount",
    "since",
]
RESOURCES = [
    "",
    "PhoneNumber/",
    "PhoneNumber/{n}/",
    "PhoneNumber/Compliance/{n}",
    "Number/",
    "Number/{n}/",
    "Application/",
    "Application/{n}/",
    "Subaccount/",
    "Subaccount/{n}/",
    "Zentrunk/Trunk/",
    "Zentrunk/Trunk/{n}/",
    "{n}/{n}",
]
# The fault settings are left out on purpose: changing them would make later examples fail by design.
CONTROL = [
    "health",
    "requests",
    "reset",
    "numbers/{n}/verify",
    "numbers/{n}/reject",
    "accounts",
    "accounts/{n}/numbers",
    "{n}",
]

segment = st.one_of(
    st.sampled_from(
        ["14155550100", "+14155559186", "4969365065273", WELL_KNOWN_APPS["default"], "0", "Compliance"]
    ),
    st.text(st.characters(codec="utf-8", exclude_characters="/?#"), min_size=1, max_size=12),
)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
body = st.one_of(
    st.none(),
    st.binary(max_size=64),
    json_value.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(st.sampled_from(KNOWN_KEYS), json_value, max_size=6).map(
        lambda v: json.dumps(v).encode()
    ),
)
awkward = st.sampled_from(["\u00b2", "\u0661\u0662", "9" * 30, "-1", "1_0", " 7 ", "", "0", "20", "US"])
query = st.dictionaries(
    st.sampled_from(QUERY_KEYS) | st.text(max_size=6), awkward | st.text(max_size=12), max_size=5
)


@st.composite
def paths(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["api", "api", "api", "control", "raw"]))
    if kind == "raw":
        return "/" + draw(st.text(st.characters(codec="utf-8", exclude_characters="?#"), max_size=30))
    template = draw(st.sampled_from(RESOURCES if kind == "api" else CONTROL))
    filled = template.replace("{n}", draw(segment))
    if kind == "control":
        return "/__emulator__/" + filled
    account = draw(st.sampled_from([DEFAULT_AUTH_ID, "MAOTHER", "SA0000000000000000000"]))
    return f"/v1/Account/{account}/{filled}"


@pytest.fixture(scope="module")
def client() -> Client:
    store = Store(None)
    backend = Backend(store, Inventory(0), DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN)
    return Client(EmulatorApp(backend, Faults(FaultConfig(rate_limit="0"))))


AUTH = "Basic " + base64.b64encode(f"{DEFAULT_AUTH_ID}:{DEFAULT_AUTH_TOKEN}".encode()).decode()


@settings(max_examples=200, deadline=None, database=None)
@given(
    method=st.sampled_from(["GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"]),
    path=paths(),
    params=query,
    data=body,
    authorised=st.booleans(),
)
def test_never_a_server_error(
    client: Client, method: str, path: str, params: dict[str, str], data: bytes | None, authorised: bool
) -> None:
    headers = {"Content-Type": "application/json", **({"Authorization": AUTH} if authorised else {})}
    response = client.open(path, method=method, query_string=params, data=data, headers=headers)
    assert response.status_code < 500, (method, path, params, data, response.get_data())
    if response.status_code == 204 or method == "HEAD":
        assert response.get_data() == b""
        return
    payload: Any = json.loads(response.get_data())
    if response.status_code >= 400:
        assert isinstance(payload["error"], str)
        assert payload["error"]
