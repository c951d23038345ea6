"""plivo_provider.resources.phone_number: ``PhoneNumber``, a Plivo number the stack rents.

Its field table (:data:`PHONE_NUMBER`, the one place its fields are listed), how a Plivo record
becomes its outputs, its kind (what is special: buying once or adopting, claims, the link
rules of an update) and its resource class. The buying itself is :mod:`.purchase`.

What is special, beyond :mod:`plivo_provider.lifecycle.provider`'s contract:

* ``check`` refuses a number (in any spelling) or a claim that another resource of the
  program declares; it asks Plivo only to confirm credentials, a new or changed ``app_id``
  or trunk, that a new exact number is for sale (its price) or already in the account, and
  what Plivo lists for new criteria (the country is sold; the candidates' prices). It says
  what each new number will cost in one ``plivo: cost:`` line (:mod:`plivo_provider.cost`);
  the claim inputs are fixed when the resource is created (renames with ``aliases`` change
  nothing).
* ``create`` buys or adopts exactly one number: a declared number the account rents is
  adopted; by criteria, the number this resource already holds (its claim tag) is adopted,
  else a candidate is bought once.
* ``read`` also drops a number that another resource has claimed since (it is theirs now).
* ``delete`` releases the number only while it carries no claim or this resource's own
  (:mod:`plivo_provider.lifecycle.claims`): one another resource adopted is kept.
"""

# No `from __future__ import annotations` here: Pulumi's SDK reads a resource class's annotations
# for every resource it registers (typing.get_type_hints), and real objects cost it half the time
# strings do (measured: 0.45 vs 0.86 ms per resource).

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

import pulumi
from pulumi.dynamic import Resource

from ..api.client import PlivoClient
from ..api.errors import NotFoundError, ValidationError
from ..api.models import AccountNumber
from ..cost import ADOPT, BUY, BY_CRITERIA, UNKNOWN, Quote, Span
from ..inputs.numbering import region_of
from ..inputs.preview import Listing, Lookups, country_failure, criteria_listing, require_trunk
from ..inputs.validation import (
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
from ..lifecycle.claims import NAMESPACE_RE, Journal, claim_of, compose_alias, describe, split_alias
from ..lifecycle.console import note
from ..lifecycle.fields import Change, Failure, Field, ResourceSpec, Send, is_unknown
from ..lifecycle.identity import stack_namespace
from ..lifecycle.planning import changed_settings, declared_of
from ..lifecycle.provider import Acquired, Kind, KindProvider, Record
from ..lifecycle.registration import RESOURCE_PATH, refuse_replace_on_changes, resource_path
from ..lifecycle.registry import IdSet, registry
from .powerpack import (
    MEMBERSHIP_FIELDS,
    POOL_CHANGE,
    POOL_FIELDS,
    apply_pool_change,
    capability_failure,
    join_after_buy,
    membership_rules,
    pool_change,
)
from .purchase import (
    AccountScan,
    acquire_by_criteria,
    acquire_number,
    find_offer,
    wait_until_active,
)

# -- the field table --------------------------------------------------------------------------


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
    return failures + membership_rules(inputs, criteria="country_iso" in inputs)


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
        *MEMBERSHIP_FIELDS,
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
CAP_OF_RATE = {rate: name for name, rate in PRICE_CAPS.items()}
"""The offer's rate → the criterion that caps it."""
INPUTS = PHONE_NUMBER.inputs
OUTPUT_KEYS = PHONE_NUMBER.outputs


def check_inputs(news: Mapping[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Normalise ``news`` and validate it; returns ``(inputs, failures)``."""
    return PHONE_NUMBER.check(news)


def describe_criteria(inputs: Mapping[str, Any]) -> str:
    """``country_iso='US', pattern='415'``: the criteria a number was searched by, for messages."""
    return ", ".join(f"{key}={inputs[key]!r}" for key in CRITERIA if inputs.get(key) is not None)


# -- outputs from a Plivo record ----------------------------------------------------------------

_APP_URI = re.compile(r"/Application/([^/]+)/?$")

# Country names as Plivo writes them on Number objects, upper-cased.
_COUNTRY_NAMES = {
    "UNITED STATES": "US",
    "USA": "US",
    "CANADA": "CA",
    "UNITED KINGDOM": "GB",
    "GERMANY": "DE",
    "FRANCE": "FR",
    "INDIA": "IN",
    "AUSTRALIA": "AU",
}


def app_id_from_uri(uri: str | None) -> str | None:
    """``/v1/Account/MA.../Application/123/`` → ``"123"``; ``None`` when no app is linked."""
    if not uri:
        return None
    match = _APP_URI.search(uri)
    return match.group(1) if match else None


def country_iso_for(number: str, country: str | None) -> str | None:
    """ISO 3166 alpha-2 code of a number, from Plivo's country name or else its calling code."""
    if country and country.strip().upper() in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[country.strip().upper()]
    return region_of(number)


def status_of(record: AccountNumber) -> str:
    """Plivo's purchase status word: ``Success`` once active, ``pending`` while verification is due."""
    return "Success" if record.get("active", True) else "pending"


def outputs_from_record(
    record: AccountNumber, declared: Mapping[str, Any], acquired: str, setup_rate: str | None = None
) -> dict[str, Any]:
    """Every output of a PhoneNumber, from a ``GET Number/{n}/`` record and the declared inputs."""
    number = record["number"]
    return {
        "number": number,
        "status": status_of(record),
        "acquired": acquired,
        "app_id": app_id_from_uri(record.get("application")),
        "object_type": record.get("object_type") or None,
        "object_id": record.get("object_id") or None,
        "alias": split_alias(record.get("alias"))[0],
        "cnam_lookup": record.get("cnam_lookup") or None,
        "subaccount": record.get("sub_account") or None,
        "country_iso": country_iso_for(number, record.get("country")),
        "number_type": record.get("number_type"),
        "region": record.get("region"),
        "city": record.get("city"),
        "monthly_rental_rate": record.get("monthly_rental_rate"),
        "setup_rate": setup_rate,
        "renewal_date": record.get("renewal_date"),
        "added_on": record.get("added_on"),
        "voice_enabled": bool(record.get("voice_enabled")),
        "sms_enabled": bool(record.get("sms_enabled")),
        "mms_enabled": bool(record.get("mms_enabled")),
        "active": bool(record.get("active", True)),
        "compliance_status": record.get("compliance_status"),
        # Plivo's number record does not name its pool: it is the one last declared (and joined).
        "powerpack": declared.get("powerpack"),
        "powerpack_service": declared.get("powerpack_service"),
        "declared": declared_of(declared),
    }


def settings_to_send(olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, str]:
    """The ``POST Number/{n}/`` body that brings Plivo from ``olds`` to ``news``; ``{}`` if none.

    Plivo links a number to an application *or* an object (trunk), never both, so
    switching sides clears the other side in the same request.
    """
    body: dict[str, str] = {}
    for key in changed_settings(PHONE_NUMBER, olds, news):
        if key not in POOL_FIELDS:  # sent to the pool's API (update_body)
            body[key] = "" if news.get(key) is None else str(news[key])
    if "alias" in body:
        # Plivo's one alias field holds the declared alias and the claim tag (lifecycle.claims).
        body["alias"] = compose_alias(news.get("alias"), claim_of(news))
    if body.get("app_id") and olds.get("object_id"):
        body.update(object_type="", object_id="")
    if body.get("object_id") and "app_id" in body and not body["app_id"]:
        # Linking a trunk unlinks the app on Plivo's side; sending app_id="" too would
        # read as "app and object together", which Plivo rejects.
        del body["app_id"]
    if "object_id" in body and not body["object_id"]:
        body["object_type"] = ""
    return body


# -- the kind ---------------------------------------------------------------------------------

UNKNOWN_NUMBER = "the number or its country comes from another resource's output"
UNKNOWN_CRITERIA = "the criteria come from another resource's output"

CLAIM_INPUTS = ("claim_key", "claim_namespace")
"""Fixed when the resource is created: its identity survives renames with ``aliases``."""


class PhoneNumberKind(Kind):
    """What is special about a number: buying it once, its claim, the link rules of an update.

    It is also the :class:`~.purchase.NumberTable` the buying reads the field table through.
    """

    spec = PHONE_NUMBER
    noun = "number"
    id_key = "number"
    deleted = "released"
    default_acquired = "purchased"
    fixed_at_creation = CLAIM_INPUTS

    # -- preview -----------------------------------------------------------------------------

    def preview_failures(
        self, run: KindProvider, olds: Mapping[str, Any], inputs: Mapping[str, Any], path: str
    ) -> list[Failure]:
        return self._held_elsewhere(run, inputs, path) or self._remote_failures(run, olds, inputs, path)

    def _held_elsewhere(self, run: KindProvider, inputs: Mapping[str, Any], path: str) -> list[Failure]:
        """The same number, or the same claim, declared by two resources of the program."""
        if not path:
            return []
        number = inputs.get("number")
        if number is not None and not is_unknown(number):
            other = run.holders.hold("number", str(number), path)
            if other:
                return [
                    (
                        "number",
                        f"+{number} is declared by two resources, {other!r} and {path!r}; a number "
                        "belongs to one resource: remove one of them",
                    )
                ]
        key = inputs.get("claim_key")
        if isinstance(key, str):
            other = run.holders.hold("claim", key, path)
            if other:
                return [
                    (
                        "",
                        f"{path!r} has the claim of {other!r} ({key}), which was renamed from this name "
                        f"with aliases and still holds its number: give {path!r} another name",
                    )
                ]
        return []

    def _remote_failures(
        self, run: KindProvider, olds: Mapping[str, Any], inputs: Mapping[str, Any], path: str
    ) -> list[Failure]:
        """Credentials, a new or changed app_id or trunk, a new exact number (for sale? at what
        price?) and new criteria (the country sold? the candidates' prices?), checked against
        Plivo; never on a no-change run."""
        app_id, trunk_id = _changed(olds, inputs, "app_id"), _changed(olds, inputs, "object_id")
        number = _changed(olds, inputs, "number")
        country = None if olds else _changed(olds, inputs, "country_iso")
        if not olds and inputs.get("number") is None:
            self._rename_hint(run)
        if not olds and not (number or country):
            self._quote(run, path, Quote(path, UNKNOWN, reason=UNKNOWN_NUMBER))
        if olds and not (app_id or trunk_id or number):
            return []

        def ask(client: PlivoClient) -> list[Failure]:
            if app_id:
                missing = self._missing_app(client, app_id)
                if missing:
                    return [missing]
            elif not (number or country):
                run.require_account(client)  # the other checks are authenticated calls too
            missing = require_trunk(client, trunk_id) if trunk_id else None
            if missing is None and country:
                missing = self._criteria_failure(run, client, country, inputs, path)
            if missing is not None:
                return [missing]
            return self._number_failures(run, client, number, inputs) if number else []

        return run.asking(ask)

    def _missing_app(self, client: PlivoClient, app_id: str) -> Failure | None:
        # An Application of this stack was created or read this run: no need to ask Plivo.
        known = registry()
        if app_id in known.declared("application") or app_id in known.found("application"):
            return None
        try:
            client.get_application(app_id)
        except NotFoundError:
            return (
                "app_id",
                f"app_id: no application {app_id} in Plivo account {client.settings.auth_id}; "
                "create it first or use an existing app ID from the Plivo console",
            )
        known.found("application").add(app_id)
        return None

    def _number_failures(
        self, run: KindProvider, client: PlivoClient, number: str, inputs: Mapping[str, Any]
    ) -> list[Failure]:
        """Is a new exact number for sale (and at what price), or already ours to adopt?

        Asked once per number and command: ``pulumi up`` checks every resource twice (its preview,
        then the update), in one provider process.
        """
        probed: dict[str, list[Failure]] = run.cache("probed numbers", dict)
        if number not in probed:
            probed[number] = self._probe(client, number, inputs)
        return probed[number]

    def _probe(self, client: PlivoClient, number: str, inputs: Mapping[str, Any]) -> list[Failure]:
        offer = find_offer(client, number)
        subject = Quote.number(number)
        if offer is not None:
            monthly, setup = offer.get("monthly_rental_rate"), offer.get("setup_rate")
            note(Quote(subject, BUY, Span.one(monthly), Span.one(setup)).line())
            return []
        try:
            record = client.get_number(number)
        except NotFoundError:
            return [
                (
                    "number",
                    f"+{number} is not for sale: it is not in Plivo's inventory or another account "
                    "rents it, and nothing was bought or released; pick another number (see "
                    f"`python -m plivo_provider search --country {region_of(number) or '<ISO code>'}`)",
                )
            ]
        note(Quote(subject, ADOPT).line())
        held, own = split_alias(record.get("alias"))[1], claim_of(inputs)
        if held is not None and held != own:
            note(
                f"+{number} carries the claim of {describe(held, _namespace(inputs))}: you declared "
                "it, so the claim moves to this resource; the former holder then keeps it out of "
                "its deletes"
            )
        return []

    def _criteria_failure(
        self, run: KindProvider, client: PlivoClient, country: str, inputs: Mapping[str, Any], path: str
    ) -> Failure | None:
        """Is the country sold? Say the price range of the candidates for these criteria."""
        if any(is_unknown(inputs.get(key)) for key in SEARCH_FIELDS):
            self._quote(run, path, Quote(path, UNKNOWN, reason=UNKNOWN_CRITERIA))
            return country_failure(client, country)
        lookups: Lookups[Listing | Failure] = run.cache("criteria listings", Lookups)
        found = criteria_listing(client, country, self.search_filters(inputs), lookups)
        if not isinstance(found, Listing):
            return found
        self._quote(run, path, self._criteria_quote(path, found, inputs))
        return None

    def _criteria_quote(self, path: str, found: Listing, inputs: Mapping[str, Any]) -> Quote:
        """What buying by these criteria costs: the range over the listed candidates within the caps."""
        within = [offer for offer in found.offers if self.affordable(offer, inputs)]
        if not within:
            listed = f"none of the {len(found.offers)} numbers listed" if found.offers else "no number listed"
            reason = (
                f"{listed} now for {describe_criteria(inputs)} is within the price caps; `pulumi up` "
                "fails unless this resource already holds a number"
            )
            return Quote(path, UNKNOWN, reason=reason)
        return Quote(
            path,
            BY_CRITERIA,
            Span.of(offer.get("monthly_rental_rate") for offer in within),
            Span.of(offer.get("setup_rate") for offer in within),
            len(within),
            inputs.get(CAP_OF_RATE["monthly_rental_rate"]),
            inputs.get(CAP_OF_RATE["setup_rate"]),
        )

    def _quote(self, run: KindProvider, path: str, quote: Quote) -> None:
        """Print a new resource's cost line, once per process (``pulumi up`` checks twice)."""
        if path and run.cache("quoted resources", IdSet).take(path):
            note(quote.line())

    def _rename_hint(self, run: KindProvider) -> None:
        if run.cache("rename hint", IdSet).take("given"):
            note(
                "a new PhoneNumber by criteria buys a new number. If it renames one this stack "
                "already has, add opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(name='<old "
                "name>')]) so it keeps that number: a plain rename buys a new one and releases the old"
            )

    # -- up ----------------------------------------------------------------------------------

    def acquire(self, run: KindProvider, inputs: Mapping[str, Any]) -> Acquired:
        client = run.client()
        if inputs.get("number") and inputs.get("powerpack"):
            self._refuse_incapable(client, str(inputs["number"]), inputs)  # before buying it
        if inputs.get("number"):
            got = acquire_number(self, client, inputs["number"], inputs)
        else:
            got = acquire_by_criteria(
                self,
                client,
                inputs,
                run.cache("numbers being bought", IdSet),
                run.cache("account scan", AccountScan),
                run.cache("purchase journal", Journal),
            )
        if inputs.get("activation_timeout"):
            record = wait_until_active(
                client, cast(AccountNumber, got.record), float(inputs["activation_timeout"])
            )
            got = Acquired(record, got.acquired, got.kept)
        if inputs.get("powerpack"):
            join_after_buy(client, str(got.record["number"]), inputs)  # bought (or adopted), then added
        return got

    def _refuse_incapable(self, client: PlivoClient, number: str, inputs: Mapping[str, Any]) -> None:
        """A number that cannot join its declared pool is not bought."""
        try:
            record: Mapping[str, Any] | None = client.get_number(number)
        except NotFoundError:
            record = find_offer(client, number)
        problem = capability_failure(number, record, str(inputs.get("powerpack_service") or "sms"))
        if problem:
            raise ValidationError(problem)

    def get(self, client: PlivoClient, object_id: str) -> Record:
        return client.get_number(object_id)

    def outputs(
        self, record: Record, declared: Mapping[str, Any], acquired: str, kept: Mapping[str, Any]
    ) -> dict[str, Any]:
        return outputs_from_record(cast(AccountNumber, record), declared, acquired, kept.get("setup_rate"))

    def update_body(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
        changed = changed_settings(PHONE_NUMBER, olds, news)
        return pool_change(olds, news, changed, settings_to_send(olds, news))

    def update(self, client: PlivoClient, object_id: str, body: dict[str, Any]) -> None:
        change = body.pop(POOL_CHANGE, None)
        if body:
            client.update_number(object_id, **body)
        if change:
            apply_pool_change(client, object_id, change)

    def delete(self, run: KindProvider, object_id: str, state: Mapping[str, Any]) -> None:
        run.client().release_number(object_id)

    def disowned(self, object_id: str, record: Record, declared: Mapping[str, Any]) -> str | None:
        held, own = split_alias(record.get("alias"))[1], claim_of(declared)
        if held is not None and own is not None and held != own:
            return (
                f"{object_id} now carries the claim {held} of another resource, which adopted it: "
                "removing it from this resource's state (it is not released)"
            )
        return None

    def keep_on_delete(self, run: KindProvider, object_id: str, state: Mapping[str, Any]) -> str | None:
        held = split_alias(run.client().get_number(object_id).get("alias"))[1]
        if held is not None and held != claim_of(state.get("declared") or {}):
            return (
                f"{object_id} is kept: it carries the claim {held} of another resource, which adopted "
                "it; only this resource leaves the state"
            )
        return None

    # -- what buying reads of the field table (purchase.NumberTable) -----------------------------

    def buy_fields(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        return {key: inputs[key] for key in BUY_FIELDS if inputs.get(key) is not None}

    def after_buy_fields(self, inputs: Mapping[str, Any], *, tag: bool) -> dict[str, Any]:
        """The declared alias with the claim tag, and the subaccount: what the purchase request
        cannot carry, sent in one update right after it.

        ``tag``: write the claim tag even when nothing else is sent. A number bought by criteria
        needs it at once (a crashed run finds the number by it); an exact number is found by its
        number, so its tag rides along only when an update is sent anyway (adopting writes one).
        """
        fields = {key: inputs[key] for key in AFTER_BUY_FIELDS if inputs.get(key)}
        claim = claim_of(inputs)
        if "alias" in fields or (tag and claim is not None):
            fields["alias"] = compose_alias(inputs.get("alias"), claim)
        return fields

    def search_filters(self, inputs: Mapping[str, Any]) -> dict[str, str]:
        filters: dict[str, str] = {}
        for key in SEARCH_FIELDS:
            value = inputs.get(key)
            if key != "country_iso" and value:
                filters[PHONE_NUMBER[key].wire_name] = (
                    ",".join(value) if isinstance(value, list) else str(value)
                )
        return filters

    def affordable(self, candidate: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
        for cap_key, rate_key in PRICE_CAPS.items():
            cap = inputs.get(cap_key)
            if cap is not None and Decimal(str(candidate.get(rate_key) or "0")) > Decimal(cap):
                return False
        return True

    def describe(self, inputs: Mapping[str, Any]) -> str:
        return describe_criteria(inputs)

    def apply_declared(
        self, client: PlivoClient, record: AccountNumber, inputs: Mapping[str, Any]
    ) -> AccountNumber:
        """Bring an adopted number to the declared settings and this resource's claim, saying what
        changed."""
        current = outputs_from_record(record, {}, "adopted")
        body = settings_to_send(current, inputs)
        number = record["number"]
        claim = claim_of(inputs)
        if claim is not None and split_alias(record.get("alias"))[1] != claim:
            # The number now carries this resource's claim (a previous holder's tag is replaced).
            body["alias"] = compose_alias(inputs.get("alias"), claim)
        if not body:
            return record
        changes = ", ".join(
            f"{key} {current.get(key)!r} -> {value or None!r}" for key, value in sorted(body.items())
        )
        note(f"{number}: applying declared settings to the adopted number: {changes}")
        client.update_number(number, **body)
        return client.get_number(number)


def _namespace(inputs: Mapping[str, Any]) -> str | None:
    namespace = inputs.get("claim_namespace")
    return namespace if isinstance(namespace, str) else None


def _changed(olds: Mapping[str, Any], inputs: Mapping[str, Any], key: str) -> str | None:
    """The input's value when it is known and new or different from the old inputs; else None."""
    value = inputs.get(key)
    if value is None or is_unknown(value) or value == olds.get(key):
        return None
    return str(value)


class PhoneNumberProvider(KindProvider):
    """Buys, links, relinks and releases Plivo phone numbers."""

    kind = PhoneNumberKind()


# State written by every version names this class by its first module (pickled by reference).
PhoneNumberProvider.__module__ = "plivo_provider.provider"


# -- the resource class -----------------------------------------------------------------------


class PhoneNumber(Resource, module="plivo", name="PhoneNumber"):
    """A Plivo phone number rented by this stack (type ``pulumi-python:dynamic/plivo:PhoneNumber``).

    Declare either ``number`` (buy exactly this number, or adopt it if the account
    already rents it) or search criteria starting with ``country_iso`` (buy a
    matching number once; the number is pinned from then on).

    Every output below is a typed ``pulumi.Output``; the fields are listed once,
    in :data:`plivo_provider.schema.PHONE_NUMBER`.
    """

    number: pulumi.Output[str]
    app_id: pulumi.Output[str | None]
    alias: pulumi.Output[str | None]
    object_type: pulumi.Output[str | None]
    object_id: pulumi.Output[str | None]
    cnam_lookup: pulumi.Output[str | None]
    subaccount: pulumi.Output[str | None]
    country_iso: pulumi.Output[str | None]
    number_type: pulumi.Output[str | None]
    region: pulumi.Output[str | None]
    city: pulumi.Output[str | None]
    status: pulumi.Output[str]
    acquired: pulumi.Output[str]
    monthly_rental_rate: pulumi.Output[str | None]
    setup_rate: pulumi.Output[str | None]
    renewal_date: pulumi.Output[str | None]
    added_on: pulumi.Output[str | None]
    voice_enabled: pulumi.Output[bool]
    sms_enabled: pulumi.Output[bool]
    mms_enabled: pulumi.Output[bool]
    active: pulumi.Output[bool]
    compliance_status: pulumi.Output[str | None]
    powerpack: pulumi.Output[str | None]
    powerpack_service: pulumi.Output[str | None]
    declared: pulumi.Output[dict[str, Any]]

    def __init__(
        self,
        resource_name: str,
        number: pulumi.Input[str] | None = None,
        app_id: pulumi.Input[str] | None = None,
        alias: pulumi.Input[str] | None = None,
        *,
        object_type: pulumi.Input[str] | None = None,
        object_id: pulumi.Input[str] | None = None,
        cnam_lookup: pulumi.Input[str] | None = None,
        subaccount: pulumi.Input[str] | None = None,
        country_iso: pulumi.Input[str] | None = None,
        number_type: pulumi.Input[str] | None = None,
        pattern: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        city: pulumi.Input[str] | None = None,
        services: pulumi.Input[Sequence[str]] | None = None,
        max_monthly_rate: pulumi.Input[str] | None = None,
        max_setup_rate: pulumi.Input[str] | None = None,
        activation_timeout: pulumi.Input[float] | None = None,
        powerpack: pulumi.Input[str] | None = None,
        powerpack_service: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Plivo phone number: a specific ``number``, or criteria starting with ``country_iso``."""
        given = locals()
        inputs = {
            name: _wire(name, given[name]) for name in PHONE_NUMBER.arguments if given[name] is not None
        }
        refuse_replace_on_changes("PhoneNumber", resource_name, opts)
        inputs.update(claim_inputs(resource_name, opts))
        super().__init__(PhoneNumberProvider(), resource_name, PHONE_NUMBER.props(inputs), opts)

    __init__.__doc__ = PHONE_NUMBER.constructor_doc(__init__.__doc__ or "")


def claim_inputs(resource_name: str, opts: pulumi.ResourceOptions | None) -> dict[str, Any]:
    """The internal inputs that say whose a number is (:mod:`plivo_provider.claims`)."""
    path = resource_path(resource_name, opts)
    return {
        "claim_key": f"{pulumi.get_project()}/{pulumi.get_stack()}/{path}",
        "claim_namespace": stack_namespace(),
        "resource_path": path,
    }


def _wire(name: str, value: Any) -> Any:
    """A value as the SDK can send it: tuples as lists, and integers of digit fields as exact text.

    The SDK sends every number as a double, so ``app_id=10000000000000003`` would reach the
    provider as 1.0000000000000004e16; as text it arrives as typed.
    """
    if isinstance(value, tuple):
        return list(value)
    if PHONE_NUMBER[name].exact_int:
        if isinstance(value, pulumi.Output):
            return value.apply(_exact_text)
        return _exact_text(value)
    return value


def _exact_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value
