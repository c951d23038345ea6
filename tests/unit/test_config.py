"""resolve_settings(): stack config over environment over defaults, with errors that name the fix."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from plivo_provider import PhoneNumberProvider
from plivo_provider.api.config import DEADLINE_PER_TIMEOUT, DEFAULT_API_URL, resolve_settings
from plivo_provider.api.errors import ConfigError
from plivo_provider.cli import main

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


# -- plivo:apiUrl: one rule, one line, nothing of the URL's credentials echoed (issue 19) ----------

TOKEN = "canary-url-token-3b9"


def url_error(url: str) -> str:
    with pytest.raises(ConfigError) as caught:
        resolve_settings({"plivo:authId": AUTH_ID, "plivo:authToken": "t", "plivo:apiUrl": url}, {})
    message = str(caught.value)
    assert message.startswith("plivo:apiUrl ")
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    "url",
    [
        f"http://{AUTH_ID}:{TOKEN}@127.0.0.1:19701",
        f"https://{TOKEN}@api.plivo.com",
        f"https://user:{TOKEN}@api.plivo.com/v1",
        "http://api.plivo.com@127.0.0.1:19701",  # sends the Basic credentials to 127.0.0.1
        f"ftp://{TOKEN}@x",  # the credentials are looked for before the scheme
    ],
)
def test_finding_3_credentials_in_the_url_are_refused_and_not_echoed(url: str) -> None:
    message = url_error(url)
    assert "must not hold credentials" in message
    assert TOKEN not in message
    assert "api.plivo.com@" not in message


@pytest.mark.parametrize(
    "url", ["http://api.plivo.com", "http://10.0.0.5:8080", "http://0.0.0.0:18080", "http://127.example.com"]
)
def test_finding_4_http_off_this_machine_is_refused(url: str) -> None:
    message = url_error(url)
    assert "in clear" in message
    assert "use https://" in message


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:18080",
        "http://127.9.8.7",
        "http://localhost:18080",
        "http://LOCALHOST:18080/",
        "http://[::1]:18080",
        "https://api.plivo.com",
        "https://api.plivo.com:443/",
        "https://10.0.0.5:8443",
    ],
)
def test_https_anywhere_and_http_to_loopback_are_accepted(url: str) -> None:
    settings = resolve_settings({"plivo:authId": AUTH_ID, "plivo:authToken": "t", "plivo:apiUrl": url}, {})
    assert settings.api_url == url.rstrip("/")


@pytest.mark.parametrize("suffix", ["/v1", "/v1/", "/v1/Account", "/v1/Account/", "/", "//"])
def test_the_sdk_style_base_is_still_accepted(suffix: str) -> None:
    settings = resolve_settings(
        {},
        {"PLIVO_AUTH_ID": AUTH_ID, "PLIVO_AUTH_TOKEN": "t", "PLIVO_API_URL": "http://127.0.0.1:9" + suffix},
    )
    assert settings.api_url == "http://127.0.0.1:9"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://127.0.0.1:19701/plivo", "has a path"),
        ("http://127.0.0.1:19701/v1/Account/MA/", "has a path"),
        ("http://127.0.0.1:19701/v2", "has a path"),
        ("http://127.0.0.1:19701?x=1", "query or a fragment"),
        ("http://127.0.0.1:19701/?", "query or a fragment"),
        ("http://127.0.0.1:19701#top", "query or a fragment"),
        ("http://127.0.0.1:99999", "port '99999'"),
        ("http://127.0.0.1:0", "port '0'"),
        ("http://127.0.0.1:80a", "port '80a'"),
        ("http://127.0.0.1:+80", "port '+80'"),
        ("http://127.0.0.1:", "port ''"),
        ("http://127.0.0.1:1 8", "a space"),
        ("http://127.0.0.1:19701/a b", "a space"),
        ("http://127.0.0.1:19701/\x00", "a control"),
        ("http://127.0.0.1:\uff11\uff19\uff17\uff10\uff11", "non-ASCII"),  # full-width digits
        ("http://::1:18080", "IPv6 address in brackets"),
        ("http://[::1", "not a valid URL"),
        ("http://[::1]x:80", "after the bracketed IPv6 address"),
        ("http://:8080", "names no host"),
        ("https://", "http(s) URL"),
        ("api.plivo.com", "http(s) URL"),
    ],
)
def test_finding_5_each_url_rule_is_one_line_naming_the_fix(url: str, words: str) -> None:
    message = url_error(url)
    assert words in message
    assert "app_id" not in message


# -- plivo:authToken (issue 19, finding 8) ------------------------------------------------------


@pytest.mark.parametrize(
    "token", ["canary€token", "canary token", "canary\ttoken", "canary\x00token", "canaryé"]
)
def test_finding_8_a_token_that_cannot_travel_in_the_header_is_one_line_not_echoed(token: str) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_settings({"plivo:authId": AUTH_ID, "plivo:authToken": token}, {})
    message = str(caught.value)
    assert message.startswith("plivo:authToken holds a space, a control or a non-ASCII character")
    assert "pulumi config set --secret plivo:authToken" in message
    assert "canary" not in message
    assert "\n" not in message


def test_surrounding_whitespace_of_a_token_is_dropped() -> None:
    assert resolve_settings({}, {"PLIVO_AUTH_ID": AUTH_ID, "PLIVO_AUTH_TOKEN": " tok\n"}).auth_token == "tok"


# -- the deadline --------------------------------------------------------------------------------


def test_the_deadline_derives_from_the_request_timeout() -> None:
    settings = resolve_settings(
        {}, {"PLIVO_AUTH_ID": AUTH_ID, "PLIVO_AUTH_TOKEN": "t", "PLIVO_REQUEST_TIMEOUT": "7"}
    )
    assert settings.deadline == DEADLINE_PER_TIMEOUT * 7
    assert replace(settings, call_deadline=0.5).deadline == 0.5


# -- the search CLI prints no credentials (finding 3) ------------------------------------------


def test_finding_3_search_refuses_a_url_with_credentials_without_printing_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no Pulumi project: PLIVO_* decide
    monkeypatch.setenv("PLIVO_AUTH_ID", AUTH_ID)
    monkeypatch.setenv("PLIVO_AUTH_TOKEN", TOKEN)
    monkeypatch.setenv("PLIVO_API_URL", f"http://{AUTH_ID}:{TOKEN}@127.0.0.1:9")
    assert main(["search", "--country", "US"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("search: plivo:apiUrl must not hold credentials")
    assert TOKEN not in err


def test_a_bad_api_url_fails_the_provider_check_that_preview_runs() -> None:
    provider = PhoneNumberProvider()
    config = {
        "plivo:authId": AUTH_ID,
        "plivo:authToken": TOKEN,
        "plivo:apiUrl": f"http://x:{TOKEN}@127.0.0.1:9",
    }
    provider.configure(ConfigureRequest(Config(config, "proj")))
    result = provider.check({}, {"number": "+14155550100"})
    (failure,) = result.failures or []
    assert failure.reason.startswith("plivo:apiUrl must not hold credentials")
    assert TOKEN not in failure.reason
