"""plivo_provider.schema: the field table of each resource, the one place its fields are listed.

``PHONE_NUMBER`` drives validation (``check``), diffs (``planning``), what is sent
to Plivo (``acquire``, ``planning``), the outputs (``state``), the constructor and
seeded outputs of :class:`~plivo_provider.resource.PhoneNumber`, the pass-through
of :class:`~plivo_provider.pool.PhoneNumberPool` and the example program's config
keys. To add a field, add it here (and a normaliser in :mod:`.validation`); the
unit tests then say which hand-written surface (the typed ``pulumi.Output``
attributes, the constructor's keyword arguments, the outputs built from a Plivo
record) still lacks it.

A new resource (``Application``, ``Trunk``) declares its own ``ResourceSpec``
constant here in the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .claims import NAMESPACE_RE
from .fields import Change, Failure, Field, ResourceSpec, Send, is_unknown
from .registration import RESOURCE_PATH
from .validation import (
    NUMBER_TYPES,
    OBJECT_ID_RE,
    OBJECT_TYPES,
    SUBACCOUNT_RE,
    choice,
    matching,
    normalize_alias,
    normalize_app_id,
    normalize_country,
    normalize_number,
    normalize_path,
    normalize_pattern,
    normalize_place,
    normalize_rate,
    normalize_services,
    normalize_timeout,
)


def _phone_number_rules(inputs: Mapping[str, Any]) -> list[Failure]:
    """Rules spanning several inputs: number xor criteria, app xor object, CNAM only for +1."""
    failures: list[Failure] = []
    criteria = [key for key in CRITERIA if key in inputs]
    if "number" not in inputs and "country_iso" not in inputs:
        failures.append(
            (
                "number",
                "set either number='+14155550100' (a specific number) or country_iso='US' "
                "with optional number_type, pattern, region, city, services (buy by criteria)",
            )
        )
    elif "number" in inputs and criteria:
        failures.append(
            (
                criteria[0],
                f"set number or search criteria ({', '.join(criteria)}), not both: a number "
                "bought by criteria is pinned, so to keep it declare number= alone",
            )
        )
    if "app_id" in inputs and "object_id" in inputs:
        failures.append(
            (
                "object_id",
                "link the number to an application (app_id) or to an object "
                "(object_type + object_id), not both: remove one of them",
            )
        )
    for have, need in (("object_type", "object_id"), ("object_id", "object_type")):
        if have in inputs and need not in inputs:
            failures.append(
                (
                    need,
                    f"{need} is required when {have} is set (e.g. object_type='trunk', "
                    "object_id='<trunk id>')",
                )
            )
    if _known(inputs, "cnam_lookup") and not _north_american(inputs):
        failures.append(
            (
                "cnam_lookup",
                "cnam_lookup: Plivo offers CNAM lookup only for US and Canadian "
                "(+1) numbers; remove it for this number",
            )
        )
    return failures


def _known(inputs: Mapping[str, Any], key: str) -> bool:
    return key in inputs and not is_unknown(inputs[key])


def _north_american(inputs: Mapping[str, Any]) -> bool:
    if _known(inputs, "number"):
        return str(inputs["number"]).startswith("1")
    return not _known(inputs, "country_iso") or inputs["country_iso"] in ("US", "CA")


_OPTIONAL_TEXT = "str | None"


def _criterion(name: str, doc: str, type_: str, **more: Any) -> Field:
    """A search criterion: used to choose a number, then pinned (editing it never re-buys)."""
    return Field(name, f"criteria: {doc}", type_, input=Change.PINNED, criterion=True, **more)


PHONE_NUMBER = ResourceSpec(
    "PhoneNumber",
    (
        Field(
            "number",
            'the number in E.164 form with its country code, e.g. ``"+14155550100"``; buy exactly '
            "this number, or adopt it if the account already rents it.",
            "str",
            input=Change.REPLACES,
            output=True,
            normalize=normalize_number,
            exact_int=True,
        ),
        Field(
            "app_id",
            "Plivo application to link; omitted at purchase, Plivo links the account's default app; "
            "removed later, the app is unlinked.",
            _OPTIONAL_TEXT,
            input=Change.IN_PLACE,
            output=True,
            normalize=normalize_app_id,
            exact_int=True,
            send=Send.CREATE,
            cleared_when_removed=True,
            refers="application",
        ),
        Field(
            "alias",
            "a label shown in the Plivo console.",
            _OPTIONAL_TEXT,
            input=Change.IN_PLACE,
            output=True,
            normalize=normalize_alias,
            send=Send.AFTER_CREATE,
            cleared_when_removed=True,
            keeps_blank=True,
        ),
        Field(
            "object_type",
            '``"trunk"`` to link a SIP trunk instead of an app (with ``object_id``).',
            _OPTIONAL_TEXT,
            input=Change.IN_PLACE,
            output=True,
            normalize=choice(OBJECT_TYPES),
            send=Send.CREATE,
            cleared_when_removed=True,
            hint=" (Plivo announces 'phlo' and 'xml' for a later release)",
        ),
        Field(
            "object_id",
            "the trunk ID.",
            _OPTIONAL_TEXT,
            input=Change.IN_PLACE,
            output=True,
            normalize=matching(OBJECT_ID_RE, "a1b2c3d4-e5f6-7890-abcd-ef0123456789"),
            send=Send.CREATE,
            cleared_when_removed=True,
            refers="trunk",  # the only object_type so far
        ),
        # cnam_lookup and subaccount have no safe blank: removed from the program, they are
        # merely no longer managed (not cleared_when_removed).
        Field(
            "cnam_lookup",
            '``"enabled"`` or ``"disabled"`` (US and Canadian numbers only).',
            _OPTIONAL_TEXT,
            input=Change.IN_PLACE,
            output=True,
            normalize=choice(("enabled", "disabled")),
            send=Send.CREATE,
            hint=" (CNAM lookup exists only for US and Canadian numbers)",
        ),
        Field(
            "subaccount",
            "move the number to this subaccount (``SA...``).",
            _OPTIONAL_TEXT,
            input=Change.IN_PLACE,
            output=True,
            normalize=matching(SUBACCOUNT_RE, "SAXXXXXXXXXXXXXXXXXX (SA + 18 characters)", upper=True),
            send=Send.AFTER_CREATE,
        ),
        _criterion(
            "country_iso",
            'ISO country code, e.g. ``"US"``.',
            _OPTIONAL_TEXT,
            output=True,
            normalize=normalize_country,
            send=Send.SEARCH,
        ),
        _criterion(
            "number_type",
            "``local``, ``mobile``, ``tollfree``, ``fixed``, ``national`` or ``any``.",
            _OPTIONAL_TEXT,
            output=True,
            normalize=choice(NUMBER_TYPES),
            send=Send.SEARCH,
            api_name="type",
        ),
        _criterion(
            "pattern",
            'digits the number starts with after the country code (``"415"``).',
            "str",
            normalize=normalize_pattern,
            exact_int=True,
            send=Send.SEARCH,
        ),
        _criterion(
            "region",
            'region name, e.g. ``"California"``.',
            _OPTIONAL_TEXT,
            output=True,
            normalize=normalize_place,
            send=Send.SEARCH,
        ),
        _criterion(
            "city",
            "city name.",
            _OPTIONAL_TEXT,
            output=True,
            normalize=normalize_place,
            send=Send.SEARCH,
        ),
        _criterion(
            "services",
            "capabilities needed, from ``voice``, ``sms``, ``mms``.",
            "Sequence[str]",
            normalize=normalize_services,
            send=Send.SEARCH,
        ),
        _criterion(
            "max_monthly_rate",
            'never buy above this monthly rent (USD), e.g. ``"1.00"``.',
            "str",
            normalize=normalize_rate,
            caps="monthly_rental_rate",
        ),
        _criterion(
            "max_setup_rate",
            "never buy above this setup fee (USD).",
            "str",
            normalize=normalize_rate,
            caps="setup_rate",
        ),
        Field(
            "activation_timeout",
            "seconds to wait for a number pending verification to become active.",
            "float",
            input=Change.PINNED,
            normalize=normalize_timeout,
        ),
        Field(
            "claim_key",
            "who the number belongs to: ``project/stack/<path>``, where the path is the resource's name "
            "under its parents, fixed when the resource is created (:mod:`plivo_provider.claims`).",
            "str",
            input=Change.PINNED,
            normalize=normalize_path,
            internal=True,
        ),
        Field(
            "claim_namespace",
            "the stack instance's claim namespace (:mod:`plivo_provider.identity`), fixed at creation.",
            "str",
            input=Change.PINNED,
            normalize=matching(NAMESPACE_RE, "8 hex digits"),
            internal=True,
        ),
        RESOURCE_PATH,
        Field(
            "status", "``Success`` once active, ``pending`` while verification is due.", "str", output=True
        ),
        Field(
            "acquired", "``purchased`` or ``adopted`` (the account already rented it).", "str", output=True
        ),
        Field(
            "monthly_rental_rate", "monthly rent in USD, as Plivo reports it.", _OPTIONAL_TEXT, output=True
        ),
        Field("setup_rate", "setup fee in USD paid when bought by criteria.", _OPTIONAL_TEXT, output=True),
        Field("renewal_date", "next renewal date, as Plivo reports it.", _OPTIONAL_TEXT, output=True),
        Field("added_on", "when the number joined the account.", _OPTIONAL_TEXT, output=True),
        Field("voice_enabled", "whether the number takes calls.", "bool", output=True),
        Field("sms_enabled", "whether the number takes SMS.", "bool", output=True),
        Field("mms_enabled", "whether the number takes MMS.", "bool", output=True),
        Field("active", "False while Plivo waits for verification documents.", "bool", output=True),
        Field(
            "compliance_status", "Plivo's compliance status, where one applies.", _OPTIONAL_TEXT, output=True
        ),
        Field(
            "declared",
            "the normalised inputs of the last create or update (tells an unlink from never managed).",
            "dict[str, Any]",
            output=True,
        ),
    ),
    rules=_phone_number_rules,
)

# Derived views, named as the modules that use them think of them.
SETTINGS = PHONE_NUMBER.names(Change.IN_PLACE)
"""Inputs updated in place on the live number."""
CRITERIA = PHONE_NUMBER.names(criterion=True)
"""Inputs a number is chosen by; pinned once it is bought."""
PINNED = PHONE_NUMBER.names(Change.PINNED)
"""Inputs that only matter when a number is acquired (the criteria and the options)."""
OPTIONS = PHONE_NUMBER.names(Change.PINNED, criterion=False)
CLEARED_WHEN_REMOVED = tuple(name for name in SETTINGS if PHONE_NUMBER[name].cleared_when_removed)
BUY_FIELDS = PHONE_NUMBER.names(send=Send.CREATE)
AFTER_BUY_FIELDS = PHONE_NUMBER.names(send=Send.AFTER_CREATE)
SEARCH_FIELDS = PHONE_NUMBER.names(send=Send.SEARCH)
PRICE_CAPS = {name: PHONE_NUMBER[name].caps for name in CRITERIA if PHONE_NUMBER[name].caps}
"""Criterion → the offer's rate it caps."""
INPUTS = PHONE_NUMBER.inputs
OUTPUT_KEYS = PHONE_NUMBER.outputs


def check_inputs(news: Mapping[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Normalise ``news`` and validate it; returns ``(inputs, failures)``."""
    return PHONE_NUMBER.check(news)


def describe_criteria(inputs: Mapping[str, Any]) -> str:
    """``country_iso='US', pattern='415'``: the criteria a number was searched by, for messages."""
    return ", ".join(f"{key}={inputs[key]!r}" for key in CRITERIA if inputs.get(key) is not None)
