"""resolve_settings(): stack config over environment over defaults, with errors that name the fix."""

from __future__ import annotations

import pytest

from plivo_provider.config import DEFAULT_API_URL, resolve_settings
from plivo_provider.errors import ConfigError

pytestmark = pytest.mark.unit

AUTH_ID = "MAXXXXXXXXXXXXXXXXX1"


def test_stack_config_wins_over_environment() -> None:
    settings = resolve_settings(
        {"plivo:authId": AUTH_ID, "plivo:authToken": "from-config"},
        {"PLIVO_AUTH_ID": "MAYYYYYYYYYYYYYYYYY2", "PLIVO_AUTH_TOKEN": "from-env"},
    )
    assert (settings.auth_id, settings.auth_token) == (AUTH_ID, "from-config")


def test_environment_is_the_fallback() -> None:
    settings = resolve_settings(
        {},
        {
            "PLIVO_AUTH_ID": AUTH_ID,
            "PLIVO_AUTH_TOKEN": "t",
            "PLIVO_MAX_RETRIES": "2",
            "PLIVO_REQUEST_TIMEOUT": "7.5",
            "PLIVO_API_URL": "http://127.0.0.1:9/v1/",
        },
    )
    assert settings.max_retries == 2
    assert settings.request_timeout == 7.5
    assert settings.api_url == "http://127.0.0.1:9"


def test_defaults() -> None:
    settings = resolve_settings({}, {"PLIVO_AUTH_ID": AUTH_ID, "PLIVO_AUTH_TOKEN": "t"})
    assert settings.api_url == DEFAULT_API_URL
    assert settings.account_path == f"/v1/Account/{AUTH_ID}/"


def test_token_is_not_in_repr() -> None:
    settings = resolve_settings({}, {"PLIVO_AUTH_ID": AUTH_ID, "PLIVO_AUTH_TOKEN": "canary-s3cret"})
    assert "canary-s3cret" not in repr(settings)


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ({}, "pulumi config set plivo:authId"),
        ({"plivo:authId": AUTH_ID}, "pulumi config set --secret plivo:authToken"),
        ({"plivo:authId": "MA123", "plivo:authToken": "t"}, "20 characters"),
        ({"plivo:authId": AUTH_ID, "plivo:authToken": "t", "plivo:apiUrl": "ftp://x"}, "http(s) URL"),
        (
            {"plivo:authId": AUTH_ID, "plivo:authToken": "t", "plivo:requestTimeout": "soon"},
            "must be a number",
        ),
        ({"plivo:authId": AUTH_ID, "plivo:authToken": "t", "plivo:requestTimeout": "0"}, "between"),
        ({"plivo:authId": AUTH_ID, "plivo:authToken": "t", "plivo:maxRetries": "2.5"}, "whole number"),
        ({"plivo:authId": AUTH_ID, "plivo:authToken": "t", "plivo:maxRetries": "99"}, "between"),
    ],
)
def test_bad_config_names_key_and_fix(config: dict[str, str], words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_settings(config, {})
    assert words in str(caught.value)
    assert "canary" not in str(caught.value)
