"""plivo_provider.fields: a resource's fields, declared once; validation, diffs and outputs derive from them.

A resource declares itself as one :class:`ResourceSpec`: a tuple of :class:`Field`,
plus the rules that span several fields. Each field says

* whether it is an input, an output, or both (an input may also be an output:
  ``number`` is declared by the program and reported back by Plivo);
* for an input, what a new value means (:class:`Change`): a new resource, an
  update of the live one, or nothing at all after creation (pinned);
* how its value is normalised (a function raising :class:`Invalid`);
* its name in the stack config (camelCase) and in Plivo's API;
* when it is sent to Plivo (:class:`Send`);
* its Python type and doc string, for the resource's constructor and typed outputs.

Everything else (input and output key lists, the resource's seeded outputs, the
constructor's docstring, the example program's config keys, error messages listing
known inputs) is computed from the spec. A new resource writes its spec in
:mod:`plivo_provider.schema` and its normalisers in :mod:`plivo_provider.validation`.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pulumi.output import Unknown

# The engine's wire sentinel for an unknown value; older SDKs hand it over as a string.
UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

Failure = tuple[str, str]
"""A check failure: the input's name (``""`` for the resource as a whole) and the reason."""

ECHO_MAX = 300
"""Longest value a failure is reported under its input's name. The engine prints the value
itself there ("property alias value {<value>} has a problem: ..."), so a longer value, or one
that would not print as plain text on one line (a newline, U+202E), is reported for the resource
as a whole, the reason naming the input first: the console never shows it raw."""


class Invalid(Exception):
    """Raised by a field normaliser; the message says what is wrong and how to fix it."""


def is_unknown(value: Any) -> bool:
    """True for a value the engine does not know yet (preview of a dependent output)."""
    return isinstance(value, Unknown) or value == UNKNOWN_SENTINEL


class Change(enum.Enum):
    """What a new value of an input means once the resource exists."""

    REPLACES = "replaces"
    """A different resource: create the new one, then delete the old one."""
    IN_PLACE = "in-place"
    """Sent to Plivo as an update of the live object."""
    PINNED = "pinned"
    """Used only at creation; a later edit is recorded in state and nothing is sent."""


class Send(enum.Flag):
    """When an input is sent to Plivo, besides the updates that :attr:`Change.IN_PLACE` implies."""

    NEVER = 0
    CREATE = enum.auto()
    """In the create (purchase) request itself."""
    AFTER_CREATE = enum.auto()
    """In an update right after creation, because the create request does not take it."""
    SEARCH = enum.auto()
    """As a search filter when the object is chosen by criteria."""


def camel_case(name: str) -> str:
    """``max_monthly_rate`` → ``maxMonthlyRate``: how stack config spells an input."""
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


@dataclass(frozen=True)
class Field:
    """One property of a resource: an input, an output, or both."""

    name: str
    doc: str
    type: str
    """Python type of the value as written in annotations, e.g. ``"str | None"``."""
    input: Change | None = None
    """``None`` for an output-only field."""
    output: bool = False
    normalize: Callable[[Any], Any] | None = None
    send: Send = Send.NEVER
    api_name: str = ""
    """Plivo's name for it, where that differs from ``name``."""
    config_name: str = ""
    """The stack-config (camelCase) name; derived from ``name`` when empty."""
    criterion: bool = False
    """Part of the search criteria an object is chosen by (reported together in errors)."""
    caps: str = ""
    """The offer's price this input is an upper bound for (``max_setup_rate`` caps ``setup_rate``)."""
    cleared_when_removed: bool = False
    """Reset to Plivo's blank when the program stops declaring it (else merely no longer managed)."""
    keeps_blank: bool = False
    """``""`` is a value to send (an empty alias), not "not set"."""
    exact_int: bool = False
    """Text of digits: an ``int`` given in the program is sent as its exact decimal text, because
    the SDK sends every number as a double and digits past 2**53 would be lost."""
    internal: bool = False
    """Set by the resource class itself, never by the program (not a constructor argument)."""
    hint: str = ""
    """Appended to this input's validation errors."""
    secret: bool = False
    """A secret (a password): its errors never name the value, and the resource class registers it,
    input and output, as a secret, so state keeps it encrypted."""
    refers: str = ""
    """The kind of Plivo object whose ID this input holds (``"application"``, ``"trunk"``); a
    literal ID is looked up at preview (:mod:`plivo_provider.preview`)."""

    @property
    def config_key(self) -> str:
        return self.config_name or camel_case(self.name)

    @property
    def wire_name(self) -> str:
        return self.api_name or self.name


@dataclass(frozen=True)
class ResourceSpec:
    """Every field of one resource, and the rules that span several of them."""

    name: str
    fields: tuple[Field, ...]
    rules: Callable[[Mapping[str, Any]], list[Failure]] = field(default=lambda inputs: [])

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"{self.name}: fields declared twice: {', '.join(duplicates)}")
        for f in self.fields:
            if f.input is None and not f.output:
                raise ValueError(f"{self.name}.{f.name}: a field is an input, an output or both")
            if f.input is not None and f.normalize is None:
                raise ValueError(f"{self.name}.{f.name}: every input needs a normaliser")

    def __getitem__(self, name: str) -> Field:
        return self._by_name[name]

    @cached_property
    def _by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    # -- derived name lists ------------------------------------------------------

    def names(
        self,
        change: Change | None = None,
        *,
        send: Send = Send.NEVER,
        criterion: bool | None = None,
    ) -> tuple[str, ...]:
        """Input names, optionally only those with ``change``, sent at ``send``, or (not) criteria."""
        return tuple(
            f.name
            for f in self.fields
            if f.input is not None
            and (change is None or f.input is change)
            and (not send or send in f.send)
            and (criterion is None or f.criterion is criterion)
        )

    @cached_property
    def inputs(self) -> tuple[str, ...]:
        """Every input the provider accepts, the internal ones included."""
        return self.names()

    @cached_property
    def arguments(self) -> tuple[str, ...]:
        """The inputs a program sets: the constructor's keyword arguments, in declaration order."""
        return tuple(f.name for f in self.fields if f.input is not None and not f.internal)

    @cached_property
    def outputs(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.output)

    @cached_property
    def config_keys(self) -> dict[str, str]:
        """Stack-config (camelCase) name → input name, for every argument."""
        return {self[name].config_key: name for name in self.arguments}

    # -- validation --------------------------------------------------------------

    def normalize(self, news: Mapping[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
        """Normalise every input; returns the cleaned inputs and one failure per bad input.

        ``None`` (and ``""`` unless the field keeps blanks) means "not set" and is dropped;
        unknown values (preview) pass untouched; engine keys (``__provider``) are kept.
        """
        inputs: dict[str, Any] = {}
        failures: list[Failure] = []
        for key, value in news.items():
            f = self._by_name.get(key)
            if key.startswith("__"):
                inputs[key] = value
            elif f is None or f.input is None:
                known = ", ".join(self.arguments)
                failures.append(
                    failure(key, value, f"'{key}' is not a {self.name} input; known inputs: {known}")
                )
            elif value is None or (value == "" and not f.keeps_blank):
                continue
            elif is_unknown(value):
                inputs[key] = value
            else:
                try:
                    inputs[key] = f.normalize(value) if f.normalize else value
                except Invalid as exc:
                    # A secret is reported for the resource as a whole: the engine would print it.
                    shown = (
                        ("", f"{key}: {exc}{f.hint}") if f.secret else failure(key, value, f"{exc}{f.hint}")
                    )
                    failures.append(shown)
        return inputs, failures

    def check(self, news: Mapping[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
        """Normalise ``news``, then apply the cross-field rules; returns ``(inputs, failures)``."""
        inputs, failures = self.normalize(news)
        if not failures:
            failures = self.rules(inputs)
        return inputs, failures

    # -- registration ----------------------------------------------------------------

    def props(self, inputs: Mapping[str, Any], *, id_output: str | None = None) -> dict[str, Any]:
        """What a constructor registers: every output seeded with ``None``, then ``inputs``.

        The SDK creates a resource attribute only for the keys it is given, so an output left out
        would not exist as ``resource.<output>``. ``id_output`` names the output that is the
        resource's ``id`` (a property of the class instead).
        """
        props: dict[str, Any] = {key: None for key in self.outputs if key != id_output}
        props.update(inputs)
        return props

    # -- documentation -------------------------------------------------------------

    def constructor_doc(self, summary: str) -> str:
        """A Sphinx docstring for the resource's constructor, one ``:param:`` per argument."""
        lines = [summary, "", ":param resource_name: the Pulumi resource name."]
        for name in self.arguments:
            f = self[name]
            replaces = " Changing it replaces the resource." if f.input is Change.REPLACES else ""
            lines.append(f":param {name}: {f.doc}{replaces}")
        lines.append(":param opts: Pulumi resource options (protect, retain_on_delete, depends_on, ...).")
        return "\n".join(lines)


def failure(key: str, value: Any, reason: str) -> Failure:
    """The failure of input ``key``: under its name when the engine can echo ``value`` (:data:`ECHO_MAX`)."""
    return (key, reason) if _echo_length(value) <= ECHO_MAX else ("", f"{key}: {reason}")


def _echo_length(value: Any) -> float:
    """How long the engine's rendering of ``value`` is, roughly; infinite if it would not print plainly."""
    if isinstance(value, str):
        return len(value) if value.isprintable() else math.inf
    if isinstance(value, (list, tuple)):
        return sum(_echo_length(item) + 2 for item in value[: ECHO_MAX + 1])
    if isinstance(value, Mapping):
        items = list(value.items())[: ECHO_MAX + 1]
        return sum(_echo_length(str(k)) + _echo_length(v) + 2 for k, v in items)
    return 0  # numbers, booleans, unknowns: short


def user_inputs(props: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs a program declared, without the engine's own keys (``__provider``)."""
    return {key: value for key, value in props.items() if not key.startswith("__")}
