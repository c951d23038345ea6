"""The cost report's pure parts: the preview line grammar, the totals, and how each step is priced."""

from __future__ import annotations

import threading
import time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plivo_provider.cost import ADOPT, BUY, BY_CRITERIA, UNKNOWN, Quote, Span, render, report
from plivo_provider.inputs.preview import Listing, Lookups
from plivo_provider.resources.phone_number import PhoneNumberKind

pytestmark = pytest.mark.unit

NUMBER_TYPE = "pulumi-python:dynamic/plivo:PhoneNumber"
URN = "urn:pulumi:dev::proj::"

prices = st.decimals(min_value=0, max_value=10**6, places=5, allow_nan=False).map(lambda d: f"{d:.5f}")
shown = st.one_of(prices, st.just("?"))
spans = st.tuples(shown, shown).map(lambda pair: Span(*pair))
paths = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
numbers = st.from_regex(r"\+[1-9]\d{6,14}", fullmatch=True)


@st.composite
def quotes(draw: st.DrawFn) -> Quote:
    action = draw(st.sampled_from([BUY, ADOPT, BY_CRITERIA, UNKNOWN]))
    subject = draw(numbers if action in (BUY, ADOPT) else st.one_of(paths, numbers))
    if action == ADOPT:
        return Quote(subject, action)
    if action == UNKNOWN:
        reason = draw(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).map(str.strip))
        return Quote(subject, action, reason=reason or "x")
    monthly, setup = draw(spans), draw(spans)
    if action == BUY:
        return Quote(subject, action, Span(monthly.low, monthly.low), Span(setup.low, setup.low))
    cap, setup_cap = draw(st.one_of(st.none(), prices)), draw(st.one_of(st.none(), prices))
    return Quote(subject, action, monthly, setup, draw(st.integers(1, 20)), cap, setup_cap)


@given(quotes())
def test_every_preview_line_reads_back_as_the_quote_it_says(quote: Quote) -> None:
    assert Quote.parse("plivo: " + quote.line()) == quote


def test_other_lines_are_not_quotes() -> None:
    assert Quote.parse("plivo: +14155550100 is already in the account: adopted without buying") is None
    assert Quote.parse("plivo: cost: +14155550100: `pulumi up` buys it, maybe") is None


def step(op: str, name: str, *, old: dict[str, Any] | None = None, new: dict[str, Any] | None = None,
         type_: str = NUMBER_TYPE, **more: Any) -> dict[str, Any]:  # fmt: skip
    found: dict[str, Any] = {"op": op, "urn": f"{URN}{type_}::{name}"}
    if old is not None:
        found["oldState"] = {"type": type_, "outputs": old, **more}
    if new is not None:
        found["newState"] = {"type": type_, "inputs": new}
    return found


def line(quote: Quote) -> dict[str, str]:
    return {"message": "plivo: " + quote.line() + "\n\n", "severity": "info#err"}


def cents(value: Decimal) -> str:
    """To the cent, half up; a total that rounds to zero reads ``0.00``, never ``-0.00``."""
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return str(abs(rounded)) if rounded == 0 else str(rounded)


@given(st.lists(prices, max_size=8), st.lists(prices, max_size=8))
def test_totals_are_decimal_sums_rounded_to_the_cent(bought: list[str], released: list[str]) -> None:
    steps = [step("create", f"b{i}", new={"number": str(14155550100 + i)}) for i in range(len(bought))]
    steps += [
        step("delete", f"r{i}", old={"number": str(14155551100 + i), "monthly_rental_rate": rate})
        for i, rate in enumerate(released)
    ]
    diagnostics = [
        line(Quote(f"+{14155550100 + i}", BUY, Span.one(p), Span.one(p))) for i, p in enumerate(bought)
    ]
    result = report({"steps": steps, "diagnostics": diagnostics})
    monthly = sum(map(Decimal, bought), Decimal(0)) - sum(map(Decimal, released), Decimal(0))
    assert result.rounded("monthly") == (cents(monthly), cents(monthly))
    assert result.rounded("one_off") == (cents(sum(map(Decimal, bought), Decimal(0))),) * 2


def test_a_release_that_is_retained_or_taken_over_saves_nothing() -> None:
    rate = {"monthly_rental_rate": "0.80000"}
    steps = [
        step("delete", "retained", old={"number": "14155550100", **rate}, retainOnDelete=True),
        step("delete", "renamed-old", old={"number": "14155550101", **rate}),
        step("create", "renamed-new", new={"number": "14155550101"}),
        step("delete", "gone", old={"number": "14155550102", **rate}),
    ]
    result = report({"steps": steps, "diagnostics": [line(Quote("+14155550101", ADOPT))]})
    actions = {(item.resource, item.action) for item in result.items}
    assert actions == {
        ("retained", "kept"),
        ("renamed-old", "kept"),
        ("renamed-new", "adopt"),
        ("gone", "release"),
    }
    assert result.rounded("monthly") == ("-0.80", "-0.80")


def test_a_replace_buys_the_new_number_and_releases_the_old_once() -> None:
    old = {"number": "14155550100", "monthly_rental_rate": "0.80000"}
    replace = step("replace", "line", old=old, new={"number": "14155550101"})
    steps = [
        {**replace, "op": "create-replacement"},
        replace,
        {**replace, "op": "delete-replaced"},
    ]
    quote = Quote("+14155550101", BUY, Span.one("1.20000"), Span.one("0.00000"))
    result = report({"steps": steps, "diagnostics": [line(quote)]})
    assert [(item.action, item.number) for item in result.items] == [
        ("buy", "14155550101"),
        ("release", "14155550100"),
    ]
    assert result.rounded("monthly") == ("0.40", "0.40")


def test_every_other_kind_is_listed_never_dropped() -> None:
    steps = [
        step("create", "ivr", new={}, type_="pulumi-python:dynamic/plivo:Application"),
        step("delete", "pbx", old={}, type_="pulumi-python:dynamic/plivo:Trunk"),
        step("create", "brand", new={}, type_="pulumi-python:dynamic/plivo:Brand"),
        step("create", "bucket", new={}, type_="aws:s3/bucket:Bucket"),
        step("create", "mystery", new={"number": "14155550100"}),  # no price line for it
        step("create", "proj-dev", new={}, type_="pulumi:pulumi:Stack"),
        step("same", "kept", old={"number": "14155550109"}, new={"number": "14155550109"}),
    ]
    result = report({"steps": steps, "diagnostics": []})
    actions = {item.resource: item.action for item in result.items}
    assert actions == {
        "ivr": "free",
        "pbx": "free",
        "brand": "unpriced",
        "bucket": "unpriced",
        "mystery": "unknown",
    }
    assert {item.resource for item in result.not_counted()} == {"brand", "bucket", "mystery"}
    text = render(result, "text")
    assert "Not in the totals: 3 item(s)" in text
    assert "Plivo publishes no price" in text


def test_a_price_plivo_did_not_give_leaves_the_totals_and_says_so() -> None:
    steps = [
        step("create", "odd", new={"number": "14155550100"}),
        step("delete", "gone", old={"number": "14155550101", "monthly_rental_rate": None}),
        step("create", "fine", new={"number": "14155550102"}),
    ]
    diagnostics = [
        line(Quote("+14155550100", BUY, Span.one("0.80000"), Span.one(None))),
        line(Quote("+14155550102", BUY, Span.one("0.80000"), Span.one("0.00000"))),
    ]
    result = report({"steps": steps, "diagnostics": diagnostics})
    assert {item.resource for item in result.not_counted()} == {"odd", "gone"}
    assert result.rounded("monthly") == ("0.80", "0.80")


def test_a_release_without_recorded_outputs_reads_the_stack_state() -> None:
    asked: list[str] = []

    def state_of(urn: str) -> dict[str, Any]:
        asked.append(urn)
        return {"number": "14155550100", "monthly_rental_rate": "0.80000"}

    gone = {
        "op": "delete",
        "urn": f"{URN}{NUMBER_TYPE}::gone",
        "oldState": {"type": NUMBER_TYPE, "id": "14155550100"},
    }
    result = report({"steps": [gone], "diagnostics": []}, state_of)
    assert asked == [gone["urn"]]
    assert result.rounded("monthly") == ("-0.80", "-0.80")


def offer(number: str, monthly: str, setup: str = "0.00000") -> dict[str, Any]:
    return {"number": number, "monthly_rental_rate": monthly, "setup_rate": setup}


def test_the_criteria_range_covers_only_candidates_within_the_caps() -> None:
    listing = Listing(
        (
            offer("1", "0.80000"),
            offer("2", "2.50000"),
            offer("3", "1.00000", "3.00000"),
            offer("4", "0.90000"),
        )
    )
    inputs = {"country_iso": "US", "max_monthly_rate": "1.00000", "max_setup_rate": "1.00000"}
    quote = PhoneNumberKind()._criteria_quote("line", listing, inputs)
    assert isinstance(quote, Quote)
    assert (quote.monthly, quote.setup, quote.listed) == (
        Span("0.80000", "0.90000"),
        Span("0.00000", "0.00000"),
        2,
    )
    assert (quote.cap, quote.setup_cap) == ("1.00000", "1.00000")
    priced_out = PhoneNumberKind()._criteria_quote("line", listing, {**inputs, "max_monthly_rate": "0.10000"})
    assert priced_out.action == UNKNOWN


def test_identical_lookups_run_once_however_many_ask_at_once() -> None:
    lookups: Lookups[int] = Lookups()
    calls: list[int] = []
    gate = threading.Barrier(8, timeout=10)

    def compute() -> int:
        calls.append(1)
        time.sleep(0.05)  # long enough for the other askers to arrive while the first computes
        return len(calls)

    def ask() -> None:
        gate.wait()
        lookups.get(("US", ()), compute)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert calls == [1]
    assert lookups.get(("GB", ()), compute) == 2
