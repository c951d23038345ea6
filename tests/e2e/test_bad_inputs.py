"""Bad-input matrix on the plain CLI: every mistake fails at preview, names the field, buys nothing."""

from __future__ import annotations

from typing import Any

import pytest

from plivo_emulator import DEFAULT_AUTH_ID
from plivo_provider.inputs.validation import ALIAS_MAX
from tests.harness.ledger import VOICE_APP
from tests.harness.scratch import Program

pytestmark = pytest.mark.e2e

N = "+14155550100"
CASES: list[tuple[str, dict[str, Any], str]] = [
    ("short number", {"number": "+1415555"}, "E.164"),
    ("long number", {"number": "+1415555010012345"}, "E.164"),
    ("letters in number", {"number": "+1415CALLNOW"}, "E.164"),
    ("double plus", {"number": "++14155550100"}, "E.164"),
    ("empty number and no criteria", {"number": ""}, "country_iso"),
    ("number as list", {"number": ["14155550100"]}, "phone number string"),
    ("app id with letters", {"number": N, "app_id": "app-123"}, "digits only"),
    ("app id too short", {"number": N, "app_id": "12"}, "digits only"),
    ("app id unknown to the account", {"number": N, "app_id": "98765432109876543"}, "no application"),
    ("alias with newline", {"number": N, "alias": "line\none"}, "control characters"),
    ("alias too long", {"number": N, "alias": "x" * (ALIAS_MAX + 1)}, f"at most {ALIAS_MAX}"),
    ("alias not a string", {"number": N, "alias": 42}, "must be a string"),
    ("cnam value", {"number": N, "cnam_lookup": "yes"}, "enabled, disabled"),
    ("cnam outside +1", {"number": "+442079460000", "cnam_lookup": "enabled"}, "US and Canadian"),
    ("subaccount format", {"number": N, "subaccount": "SA-team"}, "SA + 18"),
    ("object type unknown", {"number": N, "object_type": "phlo", "object_id": "p1"}, "must be one of trunk"),
    ("object type without id", {"number": N, "object_type": "trunk"}, "object_id is required"),
    ("object id without type", {"number": N, "object_id": "t-1"}, "object_type is required"),
    (
        "app and trunk together",
        {"number": N, "app_id": VOICE_APP, "object_type": "trunk", "object_id": "t"},
        "not both",
    ),
    ("number and criteria", {"number": N, "country_iso": "US"}, "not both"),
    ("country not ISO", {"country_iso": "United States"}, "ISO 3166"),
    ("number type", {"country_iso": "US", "number_type": "premium"}, "local"),
    ("pattern letters", {"country_iso": "US", "pattern": "41x"}, "digits"),
    ("services unknown", {"country_iso": "US", "services": ["voice", "fax"]}, "fax"),
    ("services empty", {"country_iso": "US", "services": []}, "non-empty"),
    ("rate not a price", {"country_iso": "US", "max_monthly_rate": "cheap"}, "price in USD"),
    ("negative rate", {"country_iso": "US", "max_setup_rate": "-2"}, "positive"),
    ("activation timeout text", {"country_iso": "DE", "activation_timeout": "10m"}, "seconds"),
    ("activation timeout huge", {"country_iso": "DE", "activation_timeout": 10**7}, "between 0 and 86400"),
    ("cnam for a GB search", {"country_iso": "GB", "cnam_lookup": "enabled"}, "US and Canadian"),
]
CONFIG_CASES: list[tuple[str, dict[str, str], str]] = [
    ("no credentials", {}, "plivo:authId is not set"),
    ("no token", {"PLIVO_AUTH_ID": DEFAULT_AUTH_ID}, "plivo:authToken is not set"),
    ("malformed auth id", {"PLIVO_AUTH_ID": "MA123", "PLIVO_AUTH_TOKEN": "t"}, "20 characters"),
    ("wrong token", {"PLIVO_AUTH_TOKEN": "wrong-canary-5150"}, "rejected the credentials"),
    (
        "unreachable API",
        {"PLIVO_API_URL": "http://127.0.0.1:9", "PLIVO_MAX_RETRIES": "0"},
        "http://127.0.0.1:9",  # the wording is checked in test_plain_cli.py
    ),
    ("API URL not http", {"PLIVO_API_URL": "api.plivo.com"}, "http(s) URL"),
    ("timeout not a number", {"PLIVO_REQUEST_TIMEOUT": "fast"}, "must be a number"),
    ("retries out of range", {"PLIVO_MAX_RETRIES": "1000"}, "between 0 and 20"),
]


def assert_nothing_bought_or_released(emu) -> None:
    assert emu.calls("POST", "/PhoneNumber/") == 0
    assert emu.calls("DELETE", "/Number/") == 0
    assert emu.calls("POST", "/Number/") == 0
    assert emu.owned() == {}


@pytest.mark.parametrize(("case", "args", "words"), CASES, ids=[case for case, _, _ in CASES])
def test_bad_input_fails_at_preview(emu, make_stack, case: str, args: dict[str, Any], words: str) -> None:
    preview = make_stack(Program(line=args)).preview(check=False)
    assert preview.returncode != 0
    assert words in preview.text, preview.text
    assert "Traceback" not in preview.text
    assert_nothing_bought_or_released(emu)


@pytest.mark.parametrize(("case", "env", "words"), CONFIG_CASES, ids=[case for case, _, _ in CONFIG_CASES])
def test_bad_config_fails_at_preview(emu, make_stack, case: str, env: dict[str, str], words: str) -> None:
    settings = {**emu.env(), **env} if env and "PLIVO_AUTH_ID" not in env else env
    if case == "no token":
        settings = {**env, "PLIVO_API_URL": emu.url}
    preview = make_stack(Program(line={"number": N}), env=settings).preview(check=False)
    assert preview.returncode != 0
    assert words in preview.text, preview.text
    assert "Traceback" not in preview.text
    assert "wrong-canary-5150" not in preview.text
    assert_nothing_bought_or_released(emu)
