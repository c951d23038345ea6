"""The URL maps: each path and method points straight at the function that serves it (as moto's ``urls.py``).

``API`` holds Plivo's paths under ``/v1/Account/{auth_id}/``, served by :mod:`.handlers`;
``CONTROL`` the emulator's own under ``/__emulator__/``, served by :mod:`.control`. A werkzeug
Rule's endpoint is the handler itself, so a match yields the function to call.

Trailing slashes are optional (``strict_slashes=False``): every SDK sends them, and a path
without one is served the same rather than redirected (Plivo's behaviour there is unknown).
"""

from __future__ import annotations

from collections.abc import Mapping

from werkzeug.routing import Map, Rule

from plivo_emulator.http import control, handlers
from plivo_emulator.http.control import ControlHandler
from plivo_emulator.http.handlers import Handler

API_PREFIX = "/v1/Account/<auth_id>/"
CONTROL_PREFIX = "/__emulator__/"

# path under API_PREFIX -> {method: handler}
API: Mapping[str, Mapping[str, Handler]] = {
    "": {"GET": handlers.get_account},
    "PhoneNumber/": {"GET": handlers.search_phone_numbers},
    # Compliance lives under PhoneNumber/ but is not a number (static parts win over <number>).
    "PhoneNumber/Compliance/": {"GET": handlers.compliance_stub, "POST": handlers.compliance_stub},
    "PhoneNumber/Compliance/<path:rest>": {
        "GET": handlers.compliance_stub,
        "POST": handlers.compliance_stub,
        "DELETE": handlers.compliance_stub,
    },
    "PhoneNumber/<number>/": {"POST": handlers.buy_phone_number},
    "Number/": {"GET": handlers.list_numbers, "POST": handlers.add_carrier_number},
    "Number/<number>/": {
        "GET": handlers.get_number,
        "POST": handlers.update_number,
        "DELETE": handlers.delete_number,
    },
    "Application/": {"GET": handlers.list_applications, "POST": handlers.create_application},
    "Application/<app_id>/": {
        "GET": handlers.get_application,
        "POST": handlers.update_application,
        "DELETE": handlers.delete_application,
    },
    "Subaccount/": {"GET": handlers.list_subaccounts, "POST": handlers.create_subaccount},
    "Subaccount/<sub_id>/": {
        "GET": handlers.get_subaccount,
        "POST": handlers.update_subaccount,
        "DELETE": handlers.delete_subaccount,
    },
    "Zentrunk/Trunk/": {"GET": handlers.list_trunks, "POST": handlers.create_trunk},
    "Zentrunk/Trunk/<trunk_id>/": {
        "GET": handlers.get_trunk,
        "POST": handlers.update_trunk,
        "DELETE": handlers.delete_trunk,
    },
    "Endpoint/": {"GET": handlers.list_endpoints, "POST": handlers.create_endpoint},
    "Endpoint/<endpoint_id>/": {
        "GET": handlers.get_endpoint,
        "POST": handlers.update_endpoint,
        "DELETE": handlers.delete_endpoint,
    },
    "Powerpack/": {"GET": handlers.list_powerpacks, "POST": handlers.create_powerpack},
    "Powerpack/<powerpack_uuid>/": {
        "GET": handlers.get_powerpack,
        "POST": handlers.update_powerpack,
        "DELETE": handlers.delete_powerpack,
    },
    "NumberPool/<pool_uuid>/Number/": {"GET": handlers.list_pool_numbers},
    "NumberPool/<pool_uuid>/Number/<number>/": {
        "GET": handlers.get_pool_number,
        "POST": handlers.add_pool_number,
        "DELETE": handlers.remove_pool_number,
    },
}

# path under CONTROL_PREFIX -> {method: handler}
CONTROL: Mapping[str, Mapping[str, ControlHandler]] = {
    "health": {"GET": control.health},
    "faults": {"GET": control.get_faults, "POST": control.set_faults},
    "requests": {"GET": control.get_requests, "DELETE": control.clear_requests},
    "reset": {"POST": control.reset},
    "numbers/<number>/verify": {"POST": control.verify_number},
    "numbers/<number>/reject": {"POST": control.reject_number},
    "accounts": {"POST": control.add_account},
    "accounts/<auth_id>": {"DELETE": control.delete_account},
    "accounts/<auth_id>/numbers": {"GET": control.account_numbers},
    "hold": {"GET": control.get_hold, "POST": control.arm_hold, "DELETE": control.release_hold},
    "stats": {"GET": control.get_stats, "DELETE": control.clear_stats},
}


def url_map(prefix: str, table: Mapping[str, Mapping[str, object]]) -> Map:
    """A fresh Map with one Rule per path and method of ``table``, its endpoint the handler."""
    rules = [
        Rule(prefix + path, methods=[method], endpoint=handler)
        for path, methods in table.items()
        for method, handler in methods.items()
    ]
    return Map(rules, strict_slashes=False, merge_slashes=False)


API_MAP = url_map(API_PREFIX, API)
CONTROL_MAP = url_map(CONTROL_PREFIX, CONTROL)
