"""JSON shapes of Plivo objects (PhoneNumber, Number, Application, Subaccount, Trunk, meta).

Only fields Plivo documents are emitted. Money is a 5-decimal string, dates ``YYYY-MM-DD``,
``lata`` an int or null (the Go SDK decodes it as int), and unset application URLs are ``""``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, TypeVar
from urllib.parse import urlencode

from plivo_emulator.state.catalog import COUNTRIES, RATES
from plivo_emulator.state.inputs import Query
from plivo_emulator.state.inventory import InventoryNumber, region_text
from plivo_emulator.state.models import Account, Application, Endpoint, NumberRecord, Powerpack, Trunk

T = TypeVar("T")
Json = dict[str, Any]


def new_api_id() -> str:
    """A fresh time-based id, like the uuid1 ``api_id`` values in Plivo's fixtures."""
    return str(uuid.uuid1())


def account_path(auth_id: str) -> str:
    """``/v1/Account/{auth_id}/``."""
    return f"/v1/Account/{auth_id}/"


def phone_number_json(n: InventoryNumber, auth_id: str) -> Json:
    """A search result in Plivo's PhoneNumber object shape."""
    country = COUNTRIES[n.country_iso]
    rates = RATES[(n.country_iso, n.kind)]
    return {
        "number": n.number,
        "prefix": n.prefix,
        "city": n.city,
        "country": country.name,
        "region": region_text(n),
        "rate_center": n.rate_center,
        "lata": n.lata,
        "type": n.type,
        "sub_type": n.sub_type,
        "setup_rate": rates.setup,
        "monthly_rental_rate": rates.monthly,
        "sms_enabled": rates.sms_enabled,
        "sms_rate": rates.sms,
        "voice_enabled": True,
        "voice_rate": rates.voice,
        "mms_enabled": rates.mms_enabled,
        "mms_rate": rates.mms,
        "restriction": country.restriction,
        "restriction_text": country.restriction_text,
        "resource_uri": f"{account_path(auth_id)}PhoneNumber/{n.number}/",
    }


def number_json(r: NumberRecord, auth_id: str, sub_account_name: str | None) -> Json:
    """A rented number in Plivo's AccountPhoneNumber (Number) object shape."""
    return {
        "number": r.number,
        "alias": r.alias,
        "active": r.active,
        "added_on": r.added_on,
        "application": f"{account_path(auth_id)}Application/{r.app_id}/" if r.app_id else None,
        "carrier": r.carrier,
        "city": r.city,
        "country": r.country,
        "region": r.region,
        "number_type": r.number_type,
        "monthly_rental_rate": r.monthly_rental_rate,
        "renewal_date": r.renewal_date,
        "sms_enabled": r.sms_enabled,
        "sms_rate": r.sms_rate,
        "mms_enabled": r.mms_enabled,
        "mms_rate": r.mms_rate,
        "voice_enabled": r.voice_enabled,
        "voice_rate": r.voice_rate,
        "sub_account": r.sub_account,
        "sub_account_name": sub_account_name,
        "cnam_lookup": r.cnam_lookup,
        "cnam": None,
        "caller_reputation_status": None,
        "profile_uuid": None,
        "compliance_application_id": r.compliance_application_id,
        "compliance_status": r.compliance_status,
        "tendlc_campaign_id": None,
        "tendlc_registration_status": r.tendlc_registration_status,
        "toll_free_sms_verification": r.toll_free_sms_verification,
        "toll_free_sms_verification_id": None,
        "toll_free_sms_verification_order_status": None,
        "object_type": r.object_type,
        "object_id": r.object_id,
        "resource_uri": f"{account_path(auth_id)}Number/{r.number}/",
    }


def application_json(a: Application, auth_id: str) -> Json:
    """An application in Plivo's Application object shape (``default_app`` mirrors default_number_app)."""
    return {
        "app_id": a.app_id,
        "app_name": a.app_name,
        "answer_url": a.answer_url or "",
        "answer_method": a.answer_method,
        "hangup_url": a.hangup_url or "",
        "hangup_method": a.hangup_method,
        "fallback_answer_url": a.fallback_answer_url or "",
        "fallback_method": a.fallback_method,
        "message_url": a.message_url or "",
        "message_method": a.message_method,
        "default_app": a.default_number_app,
        "default_endpoint_app": a.default_endpoint_app,
        "enabled": a.enabled,
        "public_uri": a.public_uri,
        "sip_uri": f"sip:{a.app_id}@app.plivo.com",
        "sub_account": a.sub_account,
        "log_incoming_messages": a.log_incoming_messages,
        "resource_uri": f"{account_path(auth_id)}Application/{a.app_id}/",
    }


def subaccount_json(a: Account) -> Json:
    """A subaccount in Plivo's Subaccount object shape (the token is shown, as Plivo does)."""
    return {
        "account": account_path(a.main_id),
        "auth_id": a.auth_id,
        "auth_token": a.auth_token,
        "created": a.created,
        "enabled": a.enabled,
        "modified": a.modified,
        "name": a.name,
        "resource_uri": f"{account_path(a.main_id)}Subaccount/{a.auth_id}/",
    }


def account_json(a: Account) -> Json:
    """``GET Account/{id}/`` for a main account (a fixed, plausible prepaid account)."""
    return {
        "account_type": "standard",
        "address": "",
        "auth_id": a.auth_id,
        "auto_recharge": False,
        "billing_mode": "prepaid",
        "cash_credits": "100.00000",
        "city": "",
        "name": a.name,
        "resource_uri": account_path(a.auth_id),
        "state": "",
        "timezone": "Etc/UTC",
    }


def trunk_json(t: Trunk) -> Json:
    """A Zentrunk trunk."""
    return {
        "trunk_id": t.trunk_id,
        "name": t.name,
        "trunk_status": t.trunk_status,
        "secure": t.secure,
        "trunk_direction": t.trunk_direction,
        "trunk_domain": f"{t.trunk_id}.zt.plivo.com",
        "ipacl_uuid": None,
        "credentials_uuid": None,
        "primary_uri_uuid": None,
        "fallback_uri_uuid": None,
    }


def endpoint_json(e: Endpoint, auth_id: str) -> Json:
    """A SIP endpoint as ``GET Endpoint/{id}/`` shows it (never registered in the emulator)."""
    path = account_path(auth_id)
    return {
        "alias": e.alias,
        "application": f"{path}Application/{e.app_id}/" if e.app_id else None,
        "endpoint_id": e.endpoint_id,
        "resource_uri": f"{path}Endpoint/{e.endpoint_id}/",
        "sip_registered": "false",
        "sip_uri": f"sip:{e.username}@phone.plivo.com",
        "sub_account": e.sub_account,
        "username": e.username,
    }


def powerpack_json(p: Powerpack, auth_id: str) -> Json:
    """A Powerpack as Plivo's create answer shows it; ``number_pool`` is its pool's URI."""
    return {
        "application_id": p.application_id,
        "application_type": p.application_type,
        "created_on": p.created_on,
        "local_connect": p.local_connect,
        "name": p.name,
        "number_pool": pool_path(auth_id, p.pool_uuid),
        "number_priority": p.number_priority,
        "sticky_sender": p.sticky_sender,
        "uuid": p.uuid,
    }


def pool_path(auth_id: str, pool_uuid: str) -> str:
    """``/v1/Account/{auth_id}/NumberPool/{pool_uuid}/``."""
    return f"{account_path(auth_id)}NumberPool/{pool_uuid}/"


def pool_member_json(r: NumberRecord, auth_id: str) -> Json:
    """A number of a pool, as the member listing shows it."""
    return {
        "account_phone_number_resource": f"{account_path(auth_id)}Number/{r.number}/",
        "added_on": r.pool_added_on,
        "country_iso2": r.country_iso,
        "number": r.number,
        "number_pool_uuid": r.number_pool,
        "service": r.pool_service,
        "type": r.number_type,
    }


def page_of(items: Sequence[T], limit: int, offset: int) -> list[T]:
    """The slice ``[offset, offset + limit)``."""
    return list(items[offset : offset + limit])


def meta(path: str, query: Query, limit: int, offset: int, total: int) -> Json:
    """Tastypie-style ``meta``: offset-based ``next``/``previous`` URLs repeating the filters."""
    filters = [(k, v) for k, values in query.items() if k not in ("limit", "offset") for v in values]

    def link(at: int) -> str:
        return f"{path}?{urlencode([*filters, ('limit', limit), ('offset', at)])}"

    return {
        "limit": limit,
        "next": link(offset + limit) if offset + limit < total else None,
        "offset": offset,
        "previous": link(max(0, offset - limit)) if offset > 0 else None,
        "total_count": total,
    }
