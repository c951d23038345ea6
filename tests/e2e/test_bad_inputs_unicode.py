"""Hostile text at `pulumi preview` (issue 19): one plain error line naming the input, nothing sent.

Each case is a reproduction from the issue (its pytest id starts with the finding number):
digits of other scripts, a right-to-left override, NUL, casefolding, a rate of ten million
digits, an empty service, an invented country, and a literal ID that does not exist. The
preview must fail with one line that names the input and holds none of the hostile
characters, and the emulator's request log must show that nothing carrying the value (for an
input refused offline, nothing at all) reached Plivo.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.harness.scratch import Program

pytestmark = pytest.mark.e2e

N = "+14155550100"


def arabic(digits: str) -> str:
    return "".join(chr(0x0660 + int(d)) for d in digits)


def full_width(digits: str) -> str:
    return "".join(chr(0xFF10 + int(d)) for d in digits)


US = {"country_iso": "US"}
# pytest ids name the finding; each case: resource args, the input named, words of the reason.
OFFLINE = [
    pytest.param({"number": "+1" + arabic("4155550111")}, "number", "U+0664", id="6-arabic-number"),
    pytest.param({"number": "+1" + full_width("4155550112")}, "number", "U+FF14", id="6-full-width-number"),
    pytest.param({**US, "pattern": arabic("415")}, "pattern", "ASCII", id="6-arabic-pattern"),
    pytest.param(
        {"number": N, "app_id": arabic("20468599130939380")}, "app_id", "ASCII", id="6-arabic-app_id"
    ),
    pytest.param({"number": N, "alias": "pay\u202eusd"}, "alias", "U+202E", id="12-rlo-alias"),
    pytest.param({"number": N, "alias": "support\x85"}, "alias", "U+0085", id="12-nel-alias"),
    pytest.param({**US, "region": "Cali\x00fornia"}, "region", "U+0000", id="12-nul-region"),
    pytest.param({**US, "city": "x" * 10_000}, "city", "at most 100", id="12-huge-city"),
    pytest.param({"country_iso": "\u00df"}, "country_iso", "ASCII", id="12-eszett-country"),
    pytest.param({**US, "services": "voice,,fax"}, "services", "'' (item 2)", id="12-empty-service"),
    pytest.param(
        {**US, "max_monthly_rate": "1e10000000"}, "max_monthly_rate", "up to 10000", id="7-rate-1e10000000"
    ),
    pytest.param(
        {**US, "max_setup_rate": "1e999999999"}, "max_setup_rate", "up to 10000", id="7-rate-1e999999999"
    ),
    pytest.param(
        {"country_iso": "ZZ"}, "country_iso", "'ZZ' is not the code of a country", id="13-country-ZZ"
    ),
]
HOSTILE = ("\u202e", "\x85", "\x00", "x" * 1000)


def problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "has a problem" in line]


def assert_one_line_refusal(text: str, field: str, words: str) -> None:
    """Every report of the problem is one line naming ``field`` and the reason, nothing raw."""
    lines = problem_lines(text)
    assert lines, text
    for line in lines:
        assert field in line, line
        assert words in line, line
    assert "Traceback" not in text
    for raw in HOSTILE:
        assert raw not in text, f"{raw[:20]!r} reached the console"


@pytest.mark.parametrize(("args", "field", "words"), OFFLINE)
def test_hostile_input_is_refused_at_preview_before_any_call(
    emu, make_stack, args: dict[str, Any], field: str, words: str
) -> None:
    stack = make_stack(Program(line=args))
    since = max((r["seq"] for r in emu.requests_log()), default=0)
    preview = stack.preview(check=False)
    assert preview.returncode != 0
    assert_one_line_refusal(preview.text, field, words)
    assert emu.requests_log(since) == []  # refused offline: Plivo was not even asked


def test_finding13_a_literal_new_endpoint_application_is_looked_up_at_preview(emu, make_stack) -> None:
    program = Program(ivr={"app_name": "ivr", "new_endpoint_application": "99999999999999999"})
    program.kinds["ivr"] = "Application"
    stack = make_stack(program)
    since = max((r["seq"] for r in emu.requests_log()), default=0)
    preview = stack.preview(check=False)
    assert preview.returncode != 0
    assert_one_line_refusal(preview.text, "new_endpoint_application", "no application 99999999999999999")
    calls = emu.requests_log(since)
    assert {r["method"] for r in calls} == {"GET"}, calls  # looked up; nothing created or deleted
    assert emu.calls("GET", "/Application/99999999999999999/") == 1


def test_finding13_a_literal_object_id_is_looked_up_at_preview(emu, make_stack) -> None:
    stack = make_stack(Program(line={"number": N, "object_type": "trunk", "object_id": "trunk-typo"}))
    preview = stack.preview(check=False)
    assert preview.returncode != 0
    assert_one_line_refusal(preview.text, "object_id", "no trunk trunk-typo")
    assert emu.calls("POST", "/PhoneNumber/") == 0
