"""Handlers of the /v1/ API: parse the request, call one backend operation, shape Plivo's JSON.

Every handler takes a :class:`Call` (the authenticated caller plus the request) and the URL
arguments, and returns a werkzeug Response; ``urls.API`` maps each path and method to one. This
is the lowest layer that sees HTTP types: a handler turns the query string and body into plain
mappings and parses them with ``state.inputs`` before calling the backend. Errors are raised as
EmulatorError and rendered by the application (see ``app.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.wrappers import Request, Response

from plivo_emulator.errors import EmulatorError, NotFound
from plivo_emulator.http.shapes import (
    Json,
    account_json,
    account_path,
    application_json,
    endpoint_json,
    meta,
    new_api_id,
    number_json,
    page_of,
    phone_number_json,
    pool_member_json,
    pool_path,
    powerpack_json,
    subaccount_json,
    trunk_json,
)
from plivo_emulator.limits import NAME_MAX
from plivo_emulator.state.backend import Backend
from plivo_emulator.state.inputs import (
    AppDeletion,
    AppFields,
    BuyOptions,
    CarrierNumbers,
    EndpointFields,
    NumberUpdate,
    PoolAdd,
    PoolFilter,
    PowerpackFields,
    Query,
    TrunkFields,
    arg,
    body_or_query_bool,
    number_filter,
    opt_bool,
    opt_str,
    page,
    parse_body,
    req_str,
    search_query,
)
from plivo_emulator.state.models import Account, NumberRecord


@dataclass
class Call:
    """One authenticated API call: the backend, the caller and the request."""

    backend: Backend
    caller: Account
    request: Request
    _query: Query | None = field(default=None, repr=False)
    _body: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def args(self) -> Query:
        """The query string as a plain mapping (every value of each key, in order); built once."""
        if self._query is None:
            self._query = query_of(self.request)
        return self._query

    def body(self) -> dict[str, Any]:
        """The JSON body as an object (``{}`` when empty); parsed once."""
        if self._body is None:
            self._body = parse_body(self.request.get_data(cache=True))
        return self._body

    def path(self, resource: str) -> str:
        """Canonical collection path, e.g. ``/v1/Account/MA…/Number/``."""
        return f"{account_path(self.caller.auth_id)}{resource}/"


Handler = Callable[..., Response]


def query_of(request: Request) -> Query:
    """A request's query string as plain data (``MultiDict.to_dict(flat=False)`` keeps key order)."""
    return request.args.to_dict(flat=False)


def json_response(status: int, payload: Json, api_id: bool = True) -> Response:
    """A JSON answer; ``api_id`` first, as in Plivo's bodies."""
    body = {"api_id": new_api_id(), **payload} if api_id else payload
    return Response(json.dumps(body), status=status, mimetype="application/json")


def no_content() -> Response:
    """204 with an empty body: Ruby's SDK accepts only 200/204 on DELETE, and Plivo sends 204."""
    response = Response(status=204)
    del response.headers["Content-Type"]
    return response


def error_response(error: EmulatorError) -> Response:
    """``{"api_id", "error"}`` with the error's status (no api_id on 401, as seen from Plivo)."""
    response = json_response(error.status, {"error": error.text}, api_id=error.include_api_id)
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def listing(call: Call, resource: str, items: list[Json]) -> Response:
    """A paginated list answer for already-shaped objects."""
    limit, offset = page(call.args)
    objects = page_of(items, limit, offset)
    return json_response(
        200, {"meta": meta(call.path(resource), call.args, limit, offset, len(items)), "objects": objects}
    )


# account


def get_account(call: Call) -> Response:
    """``GET Account/{id}/``."""
    shape = account_json(call.caller) if call.caller.is_main else subaccount_json(call.caller)
    return json_response(200, shape)


# phone numbers (inventory)


def search_phone_numbers(call: Call) -> Response:
    """``GET PhoneNumber/``: 200 with meta and PhoneNumber objects; no match is an empty list."""
    query = search_query(call.args)
    limit, offset = page(call.args)
    found = call.backend.numbers.search_phone_numbers(call.caller, query)
    objects = [phone_number_json(n, call.caller.auth_id) for n in page_of(found, limit, offset)]
    page_meta = meta(call.path("PhoneNumber"), call.args, limit, offset, len(found))
    return json_response(200, {"meta": page_meta, "objects": objects})


def buy_phone_number(call: Call, number: str) -> Response:
    """``POST PhoneNumber/{number}/``: 201; numbers[0].status is "Success" or "pending"."""
    purchase = call.backend.numbers.buy_phone_number(call.caller, number, BuyOptions.from_body(call.body()))
    entry = {"number": purchase.number, "status": purchase.status}
    if purchase.fallback_number:
        entry["fallback_number"] = purchase.fallback_number
    return json_response(201, {"message": "created", "numbers": [entry], "status": "fulfilled"})


def compliance_stub(call: Call, rest: str = "") -> Response:
    """``PhoneNumber/Compliance/…`` is a separate Plivo API; it must never be read as a number."""
    raise NotFound("the phone number compliance API is not emulated")


# rented numbers


def _number_shape(call: Call, record: NumberRecord) -> Json:
    name = call.backend.directory.account_name(record.sub_account) if record.sub_account else None
    return number_json(record, call.caller.auth_id, name)


def get_number(call: Call, number: str) -> Response:
    """``GET Number/{number}/``."""
    return json_response(200, _number_shape(call, call.backend.numbers.get_number(call.caller, number)))


def list_numbers(call: Call) -> Response:
    """``GET Number/``."""
    filters = number_filter(call.args)
    page(call.args)  # validate limit/offset before doing any work
    records = call.backend.numbers.list_numbers(call.caller, filters)
    return listing(call, "Number", [_number_shape(call, r) for r in records])


def update_number(call: Call, number: str) -> Response:
    """``POST Number/{number}/``: 202 changed."""
    call.backend.numbers.update_number(call.caller, number, NumberUpdate.from_body(call.body()))
    return json_response(202, {"message": "changed"})


def delete_number(call: Call, number: str) -> Response:
    """``DELETE Number/{number}/``: 204, empty body."""
    call.backend.numbers.delete_number(call.caller, number)
    return no_content()


def add_carrier_number(call: Call) -> Response:
    """``POST Number/``: 202 changed."""
    call.backend.numbers.add_carrier_number(call.caller, CarrierNumbers.from_body(call.body()))
    return json_response(202, {"message": "changed"})


# applications


def create_application(call: Call) -> Response:
    """``POST Application/``: 201 with the new app_id."""
    app = call.backend.directory.create_application(call.caller, AppFields.from_body(call.body()))
    return json_response(201, {"app_id": app.app_id, "message": "created"})


def get_application(call: Call, app_id: str) -> Response:
    """``GET Application/{app_id}/``."""
    app = call.backend.directory.get_application(call.caller, app_id)
    return json_response(200, application_json(app, call.caller.auth_id))


def list_applications(call: Call) -> Response:
    """``GET Application/`` (filters: subaccount, app_name)."""
    page(call.args)
    subaccount, app_name = arg(call.args, "subaccount"), arg(call.args, "app_name")
    apps = call.backend.directory.list_applications(call.caller, subaccount, app_name)
    return listing(call, "Application", [application_json(a, call.caller.auth_id) for a in apps])


def update_application(call: Call, app_id: str) -> Response:
    """``POST Application/{app_id}/``: 202 changed."""
    call.backend.directory.update_application(call.caller, app_id, AppFields.from_body(call.body()))
    return json_response(202, {"message": "changed"})


def delete_application(call: Call, app_id: str) -> Response:
    """``DELETE Application/{app_id}/``: 204; ``cascade``/``new_endpoint_application`` in body or query."""
    options = AppDeletion.parse(call.body(), call.args)
    call.backend.directory.delete_application(call.caller, app_id, options)
    return no_content()


# subaccounts


def create_subaccount(call: Call) -> Response:
    """``POST Subaccount/``: 201 with the new credentials; ``enabled`` defaults to false as in Plivo."""
    body = call.body()
    sub = call.backend.directory.create_subaccount(
        call.caller, req_str(body, "name", NAME_MAX), bool(opt_bool(body, "enabled"))
    )
    return json_response(201, {"auth_id": sub.auth_id, "auth_token": sub.auth_token, "message": "created"})


def get_subaccount(call: Call, sub_id: str) -> Response:
    """``GET Subaccount/{auth_id}/``."""
    return json_response(200, subaccount_json(call.backend.directory.get_subaccount(call.caller, sub_id)))


def list_subaccounts(call: Call) -> Response:
    """``GET Subaccount/``."""
    page(call.args)
    return listing(
        call, "Subaccount", [subaccount_json(s) for s in call.backend.directory.list_subaccounts(call.caller)]
    )


def update_subaccount(call: Call, sub_id: str) -> Response:
    """``POST Subaccount/{auth_id}/``: 202 changed."""
    body = call.body()
    call.backend.directory.update_subaccount(
        call.caller, sub_id, opt_str(body, "name", NAME_MAX), opt_bool(body, "enabled")
    )
    return json_response(202, {"message": "changed"})


def delete_subaccount(call: Call, sub_id: str) -> Response:
    """``DELETE Subaccount/{auth_id}/``: 204; ``cascade`` may come in the body or the query."""
    cascade = body_or_query_bool(call.body(), call.args, "cascade")
    call.backend.directory.delete_subaccount(call.caller, sub_id, bool(cascade))
    return no_content()


# Zentrunk trunks


def create_trunk(call: Call) -> Response:
    """``POST Zentrunk/Trunk/``: 201 with the new trunk_id."""
    trunk = call.backend.directory.create_trunk(call.caller, TrunkFields.from_body(call.body()))
    return json_response(201, {"message": "Trunk created successfully.", "trunk_id": trunk.trunk_id})


def get_trunk(call: Call, trunk_id: str) -> Response:
    """``GET Zentrunk/Trunk/{trunk_id}/``: the trunk sits under ``response``."""
    return json_response(
        200, {"response": trunk_json(call.backend.directory.get_trunk(call.caller, trunk_id))}
    )


def list_trunks(call: Call) -> Response:
    """``GET Zentrunk/Trunk/``."""
    page(call.args)
    return listing(
        call, "Zentrunk/Trunk", [trunk_json(t) for t in call.backend.directory.list_trunks(call.caller)]
    )


def update_trunk(call: Call, trunk_id: str) -> Response:
    """``POST Zentrunk/Trunk/{trunk_id}/``: 202."""
    call.backend.directory.update_trunk(call.caller, trunk_id, TrunkFields.from_body(call.body()))
    return json_response(202, {"message": "Trunk updated successfully."})


def delete_trunk(call: Call, trunk_id: str) -> Response:
    """``DELETE Zentrunk/Trunk/{trunk_id}/``: 204."""
    call.backend.directory.delete_trunk(call.caller, trunk_id)
    return no_content()


# The purchase handler: counted in the stats, and gated by an armed hold (see hold.py).
PURCHASE: Handler = buy_phone_number
# Handlers that --drop-after-commit may cut off after committing (buy, update, delete).
DROPPABLE: frozenset[Handler] = frozenset({buy_phone_number, update_number, delete_number})


# SIP endpoints


def create_endpoint(call: Call) -> Response:
    """``POST Endpoint/``: 201 with the suffixed username; the password is kept only as a digest."""
    endpoint = call.backend.directory.create_endpoint(
        call.caller, EndpointFields.from_body(call.body(), create=True)
    )
    return json_response(
        201,
        {
            "username": endpoint.username,
            "alias": endpoint.alias,
            "message": "created",
            "endpoint_id": endpoint.endpoint_id,
        },
    )


def get_endpoint(call: Call, endpoint_id: str) -> Response:
    """``GET Endpoint/{endpoint_id}/``."""
    endpoint = call.backend.directory.get_endpoint(call.caller, endpoint_id)
    return json_response(200, endpoint_json(endpoint, call.caller.auth_id))


def list_endpoints(call: Call) -> Response:
    """``GET Endpoint/``."""
    page(call.args)
    endpoints = call.backend.directory.list_endpoints(call.caller)
    return listing(call, "Endpoint", [endpoint_json(e, call.caller.auth_id) for e in endpoints])


def update_endpoint(call: Call, endpoint_id: str) -> Response:
    """``POST Endpoint/{endpoint_id}/``: 202 changed (password, alias, app_id)."""
    fields = EndpointFields.from_body(call.body(), create=False)
    call.backend.directory.update_endpoint(call.caller, endpoint_id, fields)
    return json_response(202, {"message": "changed"})


def delete_endpoint(call: Call, endpoint_id: str) -> Response:
    """``DELETE Endpoint/{endpoint_id}/``: 204."""
    call.backend.directory.delete_endpoint(call.caller, endpoint_id)
    return no_content()


# Powerpacks and number pools


def create_powerpack(call: Call) -> Response:
    """``POST Powerpack/``: the new Powerpack, with its pool's URI in ``number_pool``."""
    fields = PowerpackFields.from_body(call.body(), create=True)
    powerpack = call.backend.powerpacks.create(call.caller, fields)
    return json_response(200, powerpack_json(powerpack, call.caller.auth_id))


def get_powerpack(call: Call, powerpack_uuid: str) -> Response:
    """``GET Powerpack/{uuid}/``."""
    powerpack = call.backend.powerpacks.get(call.caller, powerpack_uuid)
    return json_response(200, powerpack_json(powerpack, call.caller.auth_id))


def list_powerpacks(call: Call) -> Response:
    """``GET Powerpack/``."""
    page(call.args)
    powerpacks = call.backend.powerpacks.list_all(call.caller)
    return listing(call, "Powerpack", [powerpack_json(p, call.caller.auth_id) for p in powerpacks])


def update_powerpack(call: Call, powerpack_uuid: str) -> Response:
    """``POST Powerpack/{uuid}/``: the changed Powerpack."""
    fields = PowerpackFields.from_body(call.body(), create=False)
    powerpack = call.backend.powerpacks.update(call.caller, powerpack_uuid, fields)
    return json_response(200, powerpack_json(powerpack, call.caller.auth_id))


def delete_powerpack(call: Call, powerpack_uuid: str) -> Response:
    """``DELETE Powerpack/{uuid}/``; ``unrent_numbers`` (default false) releases its numbers."""
    unrent = bool(body_or_query_bool(call.body(), call.args, "unrent_numbers"))
    call.backend.powerpacks.delete(call.caller, powerpack_uuid, unrent)
    return json_response(200, {"response": "success"})


def list_pool_numbers(call: Call, pool_uuid: str) -> Response:
    """``GET NumberPool/{pool}/Number/`` (filters starts_with, country_iso2, type, service)."""
    limit, offset = page(call.args)
    members = call.backend.powerpacks.members(call.caller, pool_uuid, PoolFilter.parse(call.args))
    objects = [pool_member_json(r, call.caller.auth_id) for r in page_of(members, limit, offset)]
    resource = f"NumberPool/{pool_uuid}/Number"
    return json_response(
        200,
        {
            "meta": meta(call.path(resource), call.args, limit, offset, len(members)),
            "number_pool": pool_path(call.caller.auth_id, pool_uuid),
            "objects": objects,
            "uuid": pool_uuid,
        },
    )


def add_pool_number(call: Call, pool_uuid: str, number: str) -> Response:
    """``POST NumberPool/{pool}/Number/{n}/``: 201 for a number new to the pool, 200 if already in it."""
    record, new = call.backend.powerpacks.add(call.caller, pool_uuid, number, PoolAdd.from_body(call.body()))
    body = {
        **pool_member_json(record, call.caller.auth_id),
        "uuid": pool_uuid,
        "number_pool": pool_path(call.caller.auth_id, pool_uuid),
    }
    return json_response(201 if new else 200, body)


def get_pool_number(call: Call, pool_uuid: str, number: str) -> Response:
    """``GET NumberPool/{pool}/Number/{n}/`` (the recording spells the pool ``numberpool_uuid``)."""
    record = call.backend.powerpacks.member(call.caller, pool_uuid, number)
    body = pool_member_json(record, call.caller.auth_id)
    body["numberpool_uuid"] = body.pop("number_pool_uuid")
    return json_response(200, body)


def remove_pool_number(call: Call, pool_uuid: str, number: str) -> Response:
    """``DELETE NumberPool/{pool}/Number/{n}/``; ``unrent`` (default false) releases it."""
    unrent = bool(body_or_query_bool(call.body(), call.args, "unrent"))
    call.backend.powerpacks.remove(call.caller, pool_uuid, number, unrent)
    return json_response(200, {"response": "success"})
