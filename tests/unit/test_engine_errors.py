"""How a failed provider call reads on the CLI: the host sends the engine ``traceback.format_exc()``."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import Any

import pytest

from plivo_provider import PhoneNumberProvider
from plivo_provider.lifecycle import console
from plivo_provider.lifecycle.console import EngineMessage

pytestmark = pytest.mark.unit


def as_the_host_reports(call: Callable[[], Any]) -> str:
    """What ``pulumi/dynamic/__main__.py`` sends the engine when ``call`` raises (tracebacklimit 0)."""
    try:
        call()
    except Exception:
        return traceback.format_exc()
    raise AssertionError("the call did not fail")


@pytest.fixture
def in_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "in_provider_host", lambda: True)
    monkeypatch.setattr(sys, "tracebacklimit", 0, raising=False)


def test_an_expected_failure_is_one_line_naming_cause_and_fix(in_host: None) -> None:
    unconfigured = PhoneNumberProvider()  # no plivo:authId anywhere
    line = as_the_host_reports(lambda: unconfigured.delete("14155550100", {}))
    fix = "run `pulumi config set plivo:authId <value>` or export PLIVO_AUTH_ID"
    assert line == f"plivo: plivo:authId is not set: {fix}\n"


def test_a_bug_keeps_its_type_and_its_traceback(
    in_host: None, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    broken = PhoneNumberProvider()

    def bug() -> None:
        raise KeyError("application")

    monkeypatch.setattr(broken, "client", bug)
    line = as_the_host_reports(lambda: broken.delete("14155550100", {}))
    assert line == "KeyError: 'application'\n"
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_outside_the_host_errors_keep_their_class() -> None:
    from plivo_provider import ConfigError

    with pytest.raises(ConfigError):
        PhoneNumberProvider().delete("14155550100", {})


def test_the_engine_message_is_formatted_without_a_module() -> None:
    lines = traceback.format_exception_only(EngineMessage("14155550000 is not for sale"))
    assert lines == ["plivo: 14155550000 is not for sale\n"]
