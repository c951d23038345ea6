"""plivo_provider.cost: what a change will cost, from the lines its preview prints.

At preview, ``check`` prints one ``plivo: cost: ...`` line for every number the change would
create or replace (:mod:`.resources.phone_number` writes them with :class:`Quote`): adopted at no
new cost, bought at Plivo's monthly and setup price, or, for criteria, bought at a price in the
range of the candidates Plivo lists now. ``pulumi preview --json`` carries those lines as
diagnostics, and its steps carry the state of every number a delete or a replace releases (Pulumi
plans a delete without asking the provider, so that rate comes from the state). :func:`report`
joins the two into the change's monthly and one-off delta, and :func:`render` prints it.

Prices are shown as Plivo gives them (USD strings such as ``0.80000``); totals are summed as
:class:`~decimal.Decimal` and rounded to the cent. What is not known is said, never dropped: a
number without a price line, a kind of resource Plivo publishes no price for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CURRENCY = "USD"
TAG = "cost: "
"""How a price line starts, after :func:`~.lifecycle.console.note`'s ``plivo: ``."""
NOTE_PREFIX = "plivo: "
CENT = Decimal("0.01")
UNPRICED = "?"
"""Shown for a price Plivo did not give as a plain decimal."""

_PRICE = re.compile(r"\d{1,12}(?:\.\d{1,12})?")


def shown_price(value: object) -> str:
    """A rate as Plivo gave it (``"0.80000"``), or ``?`` when it is missing or not a plain decimal."""
    return value if isinstance(value, str) and _PRICE.fullmatch(value) else UNPRICED


def amount(price: str) -> Decimal | None:
    """The Decimal value of a shown price; None for ``?``."""
    if not _PRICE.fullmatch(price):
        return None
    try:
        return Decimal(price)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None


@dataclass(frozen=True)
class Span:
    """The lowest and highest of some prices, as Plivo gave them (equal for one price)."""

    low: str
    high: str

    @classmethod
    def one(cls, price: object) -> Span:
        shown = shown_price(price)
        return cls(shown, shown)

    @classmethod
    def of(cls, prices: Iterable[object]) -> Span:
        """The range of the decimal ones among ``prices``; ``?`` when none is."""
        known = [(amount(p), p) for p in map(shown_price, prices) if p != UNPRICED]
        if not known:
            return cls(UNPRICED, UNPRICED)
        ordered = sorted(known, key=lambda pair: pair[0] or Decimal(0))
        return cls(ordered[0][1], ordered[-1][1])

    def text(self) -> str:
        return self.low if self.low == self.high else f"{self.low} to {self.high}"

    def known(self) -> bool:
        return UNPRICED not in (self.low, self.high)


# -- the preview lines: one grammar, written by the provider and read by `cost` -------------------

BUY, ADOPT, BY_CRITERIA, UNKNOWN = "buy", "adopt", "criteria", "unknown"

_NUMBER = re.compile(r"\+\d+")
_SUBJECT = r'(?P<subject>\+\d+|"(?:[^"\\]|\\.)*")'
_P = r"[^\s,;()]+"


def _span(name: str) -> str:
    return rf"(?P<{name}>{_P})(?: to (?P<{name}_high>{_P}))?"


_LINES = {
    BUY: re.compile(
        rf"{_SUBJECT}: `pulumi up` buys it at {_span('monthly')} a month, setup {_span('setup')}"
    ),
    ADOPT: re.compile(rf"{_SUBJECT}: `pulumi up` adopts it, already in the account: no new cost"),
    BY_CRITERIA: re.compile(
        rf"{_SUBJECT}: `pulumi up` buys one by criteria at {_span('monthly')} a month, setup "
        rf"{_span('setup')} \((?P<listed>\d+) listed now(?:; cap (?P<cap>{_P}) a month)?"
        rf"(?:; setup cap (?P<setup_cap>{_P}))?\)"
    ),
    UNKNOWN: re.compile(rf"{_SUBJECT}: price unknown at preview: (?P<reason>.+)"),
}


@dataclass(frozen=True)
class Quote:
    """What ``pulumi up`` will do to one number and at what price, as its preview line says.

    ``subject`` is ``+<number>`` for a declared number, else the resource's path (bought by
    criteria, or a number not known at preview). ``action`` is one of :data:`BUY`, :data:`ADOPT`,
    :data:`BY_CRITERIA` (``listed`` candidates, within the declared caps) or :data:`UNKNOWN`.
    """

    subject: str
    action: str
    monthly: Span | None = None
    setup: Span | None = None
    listed: int = 0
    cap: str | None = None
    setup_cap: str | None = None
    reason: str = ""

    @classmethod
    def number(cls, number: str) -> str:
        """The subject of a declared number: ``+14155550100``."""
        return "+" + number

    def line(self) -> str:
        """The note text (``cost: ...``); :meth:`parse` reads it back."""
        # A path is quoted (JSON, ASCII-only: no character of it can end the line early).
        subject = self.subject if _NUMBER.fullmatch(self.subject) else json.dumps(self.subject)
        monthly, setup = self.monthly or Span.one(None), self.setup or Span.one(None)
        if self.action == BUY:
            body = f"`pulumi up` buys it at {monthly.text()} a month, setup {setup.text()}"
        elif self.action == ADOPT:
            body = "`pulumi up` adopts it, already in the account: no new cost"
        elif self.action == BY_CRITERIA:
            caps = (f"; cap {self.cap} a month" if self.cap else "") + (
                f"; setup cap {self.setup_cap}" if self.setup_cap else ""
            )
            body = (
                f"`pulumi up` buys one by criteria at {monthly.text()} a month, setup {setup.text()} "
                f"({self.listed} listed now{caps})"
            )
        else:
            body = f"price unknown at preview: {self.reason}"
        return f"{TAG}{subject}: {body}"

    @classmethod
    def parse(cls, text: str) -> Quote | None:
        """The quote a note says (with or without ``plivo: ``), or None for any other line."""
        text = text.strip()
        text = text.removeprefix(NOTE_PREFIX)
        if not text.startswith(TAG):
            return None
        text = text[len(TAG) :]
        for action, pattern in _LINES.items():
            match = pattern.fullmatch(text)
            if match:
                return cls._from_match(action, match)
        return None

    @classmethod
    def _from_match(cls, action: str, match: re.Match[str]) -> Quote:
        found = match.groupdict()
        raw = found["subject"]
        subject = raw if raw.startswith("+") else str(json.loads(raw))

        def span(name: str) -> Span | None:
            if found.get(name) is None:
                return None
            return Span(found[name], found.get(f"{name}_high") or found[name])

        return cls(
            subject,
            action,
            span("monthly"),
            span("setup"),
            int(found.get("listed") or 0),
            found.get("cap"),
            found.get("setup_cap"),
            found.get("reason") or "",
        )


def quotes_in(diagnostics: Iterable[Mapping[str, Any]]) -> dict[str, Quote]:
    """The price lines among a preview's diagnostics, by subject (a later line wins)."""
    found: dict[str, Quote] = {}
    for diagnostic in diagnostics:
        for line in str(diagnostic.get("message") or "").splitlines():
            quote = Quote.parse(line)
            if quote is not None:
                found[quote.subject] = quote
    return found


# -- the plan: what each step of the preview does to the bill -------------------------------------

NUMBER_KIND = "PhoneNumber"
FREE: dict[str, str] = {
    "Application": "Plivo charges nothing for an application",
    "Trunk": "Plivo charges a trunk's calls (usage), no fee for the trunk",
    "StackIdentity": "bookkeeping in the state, no Plivo object",
    "PhoneNumberPool": "a group: its numbers are listed one by one",
}
"""Kinds of this provider that cost nothing by themselves, and why."""
PLIVO_TYPES = ("pulumi-python:dynamic/plivo:", "plivo:")
ENGINE_TYPES = ("pulumi:pulumi:", "pulumi:providers:")
"""The engine's own resources (the stack, provider instances): never priced, never listed."""
CREATES = {"create", "create-replacement", "replace"}
RELEASES = {"delete", "delete-replaced", "replace"}
IMPORTS = {"import", "import-replacement"}

RELEASE, KEPT, FREE_ACTION, UNPRICED_ACTION = "release", "kept", "free", "unpriced"
ORDER = (BUY, ADOPT, RELEASE, KEPT, UNKNOWN, UNPRICED_ACTION, FREE_ACTION)
"""How the report groups its items."""


@dataclass(frozen=True)
class Item:
    """One line of the cost report: a number bought, adopted, released or kept, or another resource.

    ``monthly`` and ``setup`` are prices as Plivo gave them; a release's ``monthly`` is the rent
    it stops (the totals subtract it).
    """

    action: str
    resource: str
    kind: str
    number: str | None = None
    monthly: Span | None = None
    setup: Span | None = None
    cap: str | None = None
    note: str = ""

    def counted(self) -> bool:
        """Whether its prices are in the totals (known, and the action changes the bill)."""
        prices = [span for span in (self.monthly, self.setup) if span is not None]
        return self.action in (BUY, RELEASE) and all(span.known() for span in prices)

    def as_json(self) -> dict[str, Any]:
        def span(value: Span | None) -> dict[str, str] | None:
            return None if value is None else {"low": value.low, "high": value.high}

        return {
            "action": self.action,
            "resource": self.resource,
            "type": self.kind,
            "number": self.number,
            "monthly": span(self.monthly),
            "setup": span(self.setup),
            "cap": self.cap,
            "note": self.note,
        }


@dataclass
class Report:
    """The change's items and its totals: monthly (bought minus released) and one-off (setup)."""

    items: list[Item] = field(default_factory=list)

    def total(self, which: str) -> tuple[Decimal, Decimal]:
        """``(low, high)`` of ``monthly`` or ``one_off`` over the counted items, unrounded.

        A release lowers the monthly total by its rent; setup fees are not refunded.
        """
        low = high = Decimal(0)
        for item in self.items:
            span = item.monthly if which == "monthly" else item.setup
            if span is None or not item.counted():
                continue
            cheap, dear = amount(span.low) or Decimal(0), amount(span.high) or Decimal(0)
            if item.action == RELEASE:
                low, high = low - dear, high - cheap
            else:
                low, high = low + cheap, high + dear
        return low, high

    def rounded(self, which: str) -> tuple[str, str]:
        """The total to the cent (half up), as text: ``("0.80", "1.00")``."""
        low, high = self.total(which)
        return _cents(low), _cents(high)

    def not_counted(self) -> list[Item]:
        """Items that may change the bill but whose price is not known (left out of the totals)."""
        return [
            item
            for item in self.items
            if item.action in (UNKNOWN, UNPRICED_ACTION)
            or (item.action in (BUY, RELEASE) and not item.counted())
        ]

    def as_json(self) -> dict[str, Any]:
        monthly, one_off = self.rounded("monthly"), self.rounded("one_off")
        return {
            "currency": CURRENCY,
            "items": [item.as_json() for item in self.items],
            "monthly": {"low": monthly[0], "high": monthly[1]},
            "one_off": {"low": one_off[0], "high": one_off[1]},
            "counts": {action: self.count(action) for action in (BUY, ADOPT, RELEASE, KEPT)},
            "not_counted": len(self.not_counted()),
        }

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)


def _cents(value: Decimal) -> str:
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return "0.00" if rounded == 0 else str(rounded)  # never "-0.00"


StateLookup = Callable[[str], Mapping[str, Any] | None]
"""The stored outputs of a resource by URN (``pulumi stack export``), for a step without them."""


def report(preview: Mapping[str, Any], state_of: StateLookup | None = None) -> Report:
    """The cost of the change ``pulumi preview --json`` printed (``preview``, parsed).

    ``state_of`` is asked only for a release whose step carries no old outputs.
    """
    quotes = quotes_in(preview.get("diagnostics") or [])
    steps = _one_step_per_urn(preview.get("steps") or [])
    created = (_number(step.get("newState")) for step in steps if step.get("op") in CREATES)
    taken = {number for number in created if number is not None}
    items = [item for step in steps for item in _items_of(step, quotes, taken, state_of)]
    # The engine lists steps in the order they ran, which varies; the report reads the same every time.
    return Report(
        sorted(items, key=lambda item: (ORDER.index(item.action), item.resource, item.number or ""))
    )


def _one_step_per_urn(steps: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The steps, with a replace's ``create-replacement``/``delete-replaced`` folded into it."""
    listed = list(steps)
    replaced = {step.get("urn") for step in listed if step.get("op") == "replace"}
    folded = (CREATES | RELEASES) - {"replace"}
    return [step for step in listed if not (step.get("urn") in replaced and step.get("op") in folded)]


def _kind(type_: str) -> tuple[str, bool]:
    """``(short kind, is Plivo's)`` of a resource type: ``pulumi-python:dynamic/plivo:PhoneNumber``
    is ``("PhoneNumber", True)``."""
    for prefix in PLIVO_TYPES:
        if type_.startswith(prefix):
            return type_.rsplit(":", 1)[-1], True
    return type_, False


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def _number(state: Mapping[str, Any] | None) -> str | None:
    if not state:
        return None
    value = (state.get("outputs") or {}).get("number") or (state.get("inputs") or {}).get("number")
    return value if isinstance(value, str) and value.isdigit() else None


def _type_of(step: Mapping[str, Any]) -> str:
    state = step.get("newState") or step.get("oldState") or {}
    if state.get("type"):
        return str(state["type"])
    parts = str(step.get("urn") or "").split("::")
    return parts[-2].rsplit("$", 1)[-1] if len(parts) >= 2 else ""


def _items_of(
    step: Mapping[str, Any], quotes: Mapping[str, Quote], taken: set[str], state_of: StateLookup | None
) -> list[Item]:
    op, urn, type_ = str(step.get("op") or ""), str(step.get("urn") or ""), _type_of(step)
    if op not in CREATES | RELEASES | IMPORTS or type_.startswith(ENGINE_TYPES):
        return []
    kind, plivo = _kind(type_)
    name = _name(urn)
    if kind != NUMBER_KIND or not plivo:
        return [_other(op, name, kind, plivo)]
    items = []
    if op in CREATES:
        items.append(_acquired(name, step.get("newState") or {}, quotes))
    if op in IMPORTS:
        items.append(Item(ADOPT, name, kind, _number(step.get("newState")), note="imported: no new cost"))
    if op in RELEASES:
        items.append(_released(name, urn, step.get("oldState") or {}, taken, state_of))
    return items


def _other(op: str, name: str, kind: str, plivo: bool) -> Item:
    verb = "deleted" if op in RELEASES - {"replace"} else "created" if op in CREATES else "imported"
    if plivo and kind in FREE:
        return Item(FREE_ACTION, name, kind, note=f"{verb}: {FREE[kind]}")
    if plivo:
        return Item(
            UNPRICED_ACTION, name, kind, note=f"{verb}: Plivo publishes no price for it; not in the totals"
        )
    return Item(UNPRICED_ACTION, name, kind, note=f"{verb}: not a Plivo resource, not priced here")


def _path(state: Mapping[str, Any]) -> str | None:
    """The resource's path from its claim key (``project/stack/<path>``)."""
    key = (state.get("inputs") or {}).get("claim_key")
    parts = key.split("/", 2) if isinstance(key, str) else []
    return parts[2] if len(parts) == 3 else None


def _acquired(name: str, state: Mapping[str, Any], quotes: Mapping[str, Quote]) -> Item:
    number = _number(state)
    quote = quotes.get(Quote.number(number)) if number else None
    path = _path(state)
    if quote is None and path is not None:
        quote = quotes.get(path)
    if quote is None:
        return Item(UNKNOWN, name, NUMBER_KIND, number, note="no price line in the preview: price unknown")
    if quote.action == ADOPT:
        return Item(ADOPT, name, NUMBER_KIND, number, note="already in the account: no new cost")
    if quote.action == BUY:
        return Item(BUY, name, NUMBER_KIND, number, quote.monthly, quote.setup)
    if quote.action == BY_CRITERIA:
        caps = [f"cap {quote.cap} a month"] if quote.cap else []
        caps += [f"setup cap {quote.setup_cap}"] if quote.setup_cap else []
        note = "; ".join([f"the range of {quote.listed} listed now", *caps])
        return Item(BUY, name, NUMBER_KIND, None, quote.monthly, quote.setup, quote.cap, note)
    return Item(UNKNOWN, name, NUMBER_KIND, number, note=quote.reason)


def _released(
    name: str, urn: str, state: Mapping[str, Any], taken: set[str], state_of: StateLookup | None
) -> Item:
    outputs = state.get("outputs")
    if not outputs and state_of is not None:
        outputs = state_of(urn)
    outputs = outputs or {}
    number = _number({"outputs": outputs}) or (str(state["id"]) if state.get("id") else None)
    if state.get("retainOnDelete"):
        return Item(KEPT, name, NUMBER_KIND, number, note="retain_on_delete: kept and still billed")
    if number in taken:
        return Item(KEPT, name, NUMBER_KIND, number, note="taken over by another resource of this change")
    if not outputs:
        return Item(UNKNOWN, name, NUMBER_KIND, number, note="released; no rate recorded in the state")
    return Item(RELEASE, name, NUMBER_KIND, number, Span.one(outputs.get("monthly_rental_rate")))


# -- rendering ------------------------------------------------------------------------------------

NOT_KNOWN = "Not included: usage (calls, messages, lookups), taxes and fees Plivo bills outside the rent."


def _signed(text: str) -> str:
    return text if text.startswith("-") else "+" + text


def _total_text(pair: tuple[str, str]) -> str:
    low, high = map(_signed, pair)
    return low if low == high else f"{low} to {high}"


def _price_text(item: Item) -> str:
    if item.action == RELEASE and item.monthly is not None:
        return f"-{item.monthly.text()} a month"
    if item.action == BUY and item.monthly is not None:
        setup = item.setup.text() if item.setup else UNPRICED
        return f"{item.monthly.text()} a month, setup {setup}"
    return ""


def _what(item: Item) -> str:
    """``+14155550100``, ``a number by criteria`` or the kind of another resource."""
    if item.number:
        return f"+{item.number}"
    if item.kind == NUMBER_KIND:
        return "a number by criteria" if item.action == BUY else "a number"
    return item.kind


def _summary(result: Report) -> list[str]:
    monthly, one_off = result.rounded("monthly"), result.rounded("one_off")
    counts = ", ".join(
        f"{result.count(a)} {w}" for a, w in ((BUY, "bought"), (ADOPT, "adopted"), (RELEASE, "released"))
    )
    lines = [
        f"Monthly: {_total_text(monthly)} {CURRENCY}",
        f"One-off: {_total_text(one_off)} {CURRENCY} (setup fees)",
        f"Numbers: {counts}",
    ]
    missing = result.not_counted()
    if missing:
        lines.append(f"Not in the totals: {len(missing)} item(s) without a known price (listed above)")
    return lines


def render_text(result: Report) -> str:
    """The report for a terminal: one row per item, then the totals."""
    rows = [(item.action, item.resource, _what(item), _price_text(item), item.note) for item in result.items]
    head = f"Cost of this change, at Plivo's prices now ({CURRENCY}):"
    if not rows:
        return "\n".join(
            [head, "  no number is bought, adopted or released", "", *_summary(result), NOT_KNOWN]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    body = [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    return "\n".join([head, *body, "", *_summary(result), NOT_KNOWN])


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return "`" + _cell(text).replace("`", "'") + "`"


def render_markdown(result: Report) -> str:
    """The report as a Markdown comment: a table, then the totals in bold."""
    lines = ["### Plivo cost of this change", ""]
    if result.items:
        lines += ["| Action | Resource | What | Price | Note |", "|---|---|---|---|---|"]
        for item in result.items:
            cells = (
                item.action,
                _code(item.resource),
                _cell(_what(item)),
                _cell(_price_text(item)),
                _cell(item.note),
            )
            lines.append("| " + " | ".join(cells) + " |")
    else:
        lines.append("No number is bought, adopted or released.")
    monthly, one_off = result.rounded("monthly"), result.rounded("one_off")
    lines += [
        "",
        f"**Monthly: {_total_text(monthly)} {CURRENCY}** · **One-off: {_total_text(one_off)} {CURRENCY}**",
        "",
        *(f"- {line}" for line in _summary(result)[2:]),
        "",
        f"Prices are Plivo's at preview time. {NOT_KNOWN}",
    ]
    return "\n".join(lines) + "\n"


def render(result: Report, style: str) -> str:
    """``text``, ``markdown`` or ``json``."""
    if style == "json":
        return json.dumps(result.as_json(), indent=1)
    if style == "markdown":
        return render_markdown(result)
    return render_text(result)
