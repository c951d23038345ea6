"""Pure functions on NumberRecords: building them from the inventory or a carrier, updating, filtering."""

from __future__ import annotations

import dataclasses
from datetime import date

from plivo_emulator.errors import BadRequest
from plivo_emulator.state.catalog import COUNTRIES, RATES, VERIFICATION_COUNTRIES, Country
from plivo_emulator.state.clock import add_month
from plivo_emulator.state.inputs import BuyOptions, CarrierNumbers, NumberFilter, NumberUpdate
from plivo_emulator.state.inventory import InventoryNumber, region_text
from plivo_emulator.state.models import Account, NumberRecord, Target


def verified(record: NumberRecord) -> NumberRecord:
    """The record once its documents are accepted: active, compliance "accepted"."""
    return dataclasses.replace(record, active=True, compliance_status="accepted", pending_since=None)


def _cnam_allowed(country_iso: str | None, number_type: str) -> bool:
    # Plivo: cnam_lookup applies to US local and toll-free numbers only.
    return country_iso == "US" and number_type in ("local", "tollfree")


def inventory_record(
    caller: Account, item: InventoryNumber, options: BuyOptions, target: Target, now: float, today: date
) -> NumberRecord:
    """The record of an inventory number the caller has just bought."""
    if options.cnam_lookup and not _cnam_allowed(item.country_iso, item.sub_type):
        raise BadRequest("cnam_lookup is only supported for US local and toll-free numbers")
    rates = RATES[(item.country_iso, item.kind)]
    pending = item.country_iso in VERIFICATION_COUNTRIES
    us = item.country_iso == "US"
    return NumberRecord(
        number=item.number,
        account=caller.main_id,
        sub_account=None if caller.is_main else caller.auth_id,
        source="inventory",
        added_on=today.isoformat(),
        renewal_date=add_month(today).isoformat(),
        country_iso=item.country_iso,
        country=COUNTRIES[item.country_iso].title,
        region=region_text(item),
        city=item.city,
        carrier="Plivo",
        number_type=item.sub_type,
        monthly_rental_rate=rates.monthly,
        voice_rate=rates.voice,
        sms_rate=rates.sms,
        mms_rate=rates.mms,
        voice_enabled=True,
        sms_enabled=rates.sms_enabled,
        mms_enabled=rates.mms_enabled,
        active=not pending,
        app_id=target.app_id,
        object_type=target.object_type,
        object_id=target.object_id,
        cnam_lookup=(options.cnam_lookup or "disabled")
        if _cnam_allowed(item.country_iso, item.sub_type)
        else None,
        compliance_application_id=options.compliance_application_id,
        compliance_status="pending" if pending else None,
        pending_since=now if pending else None,
        tendlc_registration_status="UNREGISTERED" if us and item.kind == "local" else None,
        toll_free_sms_verification="UNVERIFIED" if us and item.kind == "tollfree" else None,
        verification_info=options.verification_info,
    )


def carrier_record(
    caller: Account, sub: str | None, number: str, request: CarrierNumbers, target: Target, today: date
) -> NumberRecord:
    """The record of a number added from the caller's own carrier."""
    country = _country_of(number)
    return NumberRecord(
        number=number,
        account=caller.main_id,
        sub_account=sub,
        source="carrier",
        added_on=today.isoformat(),
        renewal_date=add_month(today).isoformat(),
        country_iso=country.iso if country else None,
        country=country.title if country else None,
        region=request.region,
        city=None,
        carrier=request.carrier,
        number_type=request.number_type,
        monthly_rental_rate="0.00000",
        voice_rate="0.00000",
        sms_rate="0.00000",
        mms_rate="0.00000",
        voice_enabled=True,
        sms_enabled=False,
        mms_enabled=False,
        app_id=target.app_id,
        object_type=target.object_type,
        object_id=target.object_id,
    )


def _country_of(number: str) -> Country | None:
    # Longest calling code first; +1 is shared by the US and Canada and read as the US.
    for country in sorted(COUNTRIES.values(), key=lambda c: (-len(c.calling_code), c.iso != "US")):
        if number.startswith(country.calling_code):
            return country
    return None


def apply_fields(record: NumberRecord, update: NumberUpdate, now: float) -> NumberRecord:
    """``record`` with the plain fields of an update applied (links and owner are handled apart)."""
    if update.alias is not None:
        record = dataclasses.replace(record, alias=update.alias)
    if update.cnam_lookup is not None:
        if not _cnam_allowed(record.country_iso, record.number_type):
            raise BadRequest("cnam_lookup is only supported for US local and toll-free numbers")
        record = dataclasses.replace(record, cnam_lookup=update.cnam_lookup)
    if update.compliance_application_id is not None:
        record = _apply_compliance(record, update.compliance_application_id, now)
    if update.message_url is not None:
        if not (record.voice_enabled and record.sms_enabled):
            raise BadRequest("message_url is only supported for voice- and SMS-enabled numbers")
        record = dataclasses.replace(
            record, message_url=update.message_url, message_method=update.message_method
        )
    if update.verification_info is not None:
        record = dataclasses.replace(record, verification_info=update.verification_info)
    return record


def _apply_compliance(record: NumberRecord, application_id: str, now: float) -> NumberRecord:
    # Plivo's update page: the compliance application can change only while pending or rejected.
    if record.compliance_status == "accepted":
        raise BadRequest(
            "compliance_application_id can only be changed while compliance is pending or rejected"
        )
    if record.compliance_status == "rejected":
        return dataclasses.replace(
            record, compliance_application_id=application_id, compliance_status="pending", pending_since=now
        )
    return dataclasses.replace(record, compliance_application_id=application_id)


def number_matches(r: NumberRecord, f: NumberFilter) -> bool:
    """Whether a rented number passes the filters of ``GET Number/``."""
    return (
        _type_matches(r.number_type, f.number_type)
        and (f.number_startswith is None or r.number.startswith(f.number_startswith))
        and (f.subaccount is None or r.sub_account == f.subaccount)
        and (f.alias is None or r.alias == f.alias)
        and f.services <= _services(r)
        and (f.cnam_lookup is None or r.cnam_lookup == f.cnam_lookup)
        and (f.object_type is None or r.object_type == f.object_type)
        and (f.object_id is None or r.object_id == f.object_id)
        and all(str(getattr(r, k, None) or "").casefold() == v.casefold() for k, v in f.exact)
        and all(_compare(r.renewal_date, op, v) for op, v in f.renewal)
    )


def _type_matches(actual: str, wanted: str | None) -> bool:
    if wanted is None or wanted == actual:
        return True
    return wanted == "fixed" and actual in ("local", "national")


def _services(r: NumberRecord) -> frozenset[str]:
    flags = {"voice": r.voice_enabled, "sms": r.sms_enabled, "mms": r.mms_enabled}
    return frozenset(name for name, on in flags.items() if on)


def _compare(actual: str, op: str, value: str) -> bool:
    return {
        "eq": actual == value,
        "lt": actual < value,
        "lte": actual <= value,
        "gt": actual > value,
        "gte": actual >= value,
    }[op]
