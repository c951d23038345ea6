"""The URL map: Plivo's /v1/ paths and the /__emulator__/ control paths, as werkzeug Rules.

Trailing slashes are optional (``strict_slashes=False``): every SDK sends them, and a path
without one is served the same rather than redirected (Plivo's behaviour there is unknown).
"""

from __future__ import annotations

from werkzeug.routing import Map, Rule

ACCOUNT = "/v1/Account/<auth_id>/"
CONTROL = "/__emulator__/"

# (path under ACCOUNT, method, endpoint); endpoints are keys of handlers.HANDLERS.
_API: tuple[tuple[str, str, str], ...] = (
    ("", "GET", "account"),
    ("PhoneNumber/", "GET", "search"),
    # Compliance lives under PhoneNumber/ but is not a number (static parts win over <number>).
    ("PhoneNumber/Compliance/", "GET", "compliance"),
    ("PhoneNumber/Compliance/", "POST", "compliance"),
    ("PhoneNumber/Compliance/<path:rest>", "GET", "compliance"),
    ("PhoneNumber/Compliance/<path:rest>", "POST", "compliance"),
    ("PhoneNumber/Compliance/<path:rest>", "DELETE", "compliance"),
    ("PhoneNumber/<number>/", "POST", "buy"),
    ("Number/", "GET", "numbers.list"),
    ("Number/", "POST", "numbers.add"),
    ("Number/<number>/", "GET", "number.get"),
    ("Number/<number>/", "POST", "number.update"),
    ("Number/<number>/", "DELETE", "number.delete"),
    ("Application/", "GET", "apps.list"),
    ("Application/", "POST", "apps.create"),
    ("Application/<app_id>/", "GET", "app.get"),
    ("Application/<app_id>/", "POST", "app.update"),
    ("Application/<app_id>/", "DELETE", "app.delete"),
    ("Subaccount/", "GET", "subs.list"),
    ("Subaccount/", "POST", "subs.create"),
    ("Subaccount/<sub_id>/", "GET", "sub.get"),
    ("Subaccount/<sub_id>/", "POST", "sub.update"),
    ("Subaccount/<sub_id>/", "DELETE", "sub.delete"),
    ("Zentrunk/Trunk/", "GET", "trunks.list"),
    ("Zentrunk/Trunk/", "POST", "trunks.create"),
    ("Zentrunk/Trunk/<trunk_id>/", "GET", "trunk.get"),
    ("Zentrunk/Trunk/<trunk_id>/", "POST", "trunk.update"),
    ("Zentrunk/Trunk/<trunk_id>/", "DELETE", "trunk.delete"),
)

# (path under CONTROL, methods, endpoint); endpoints are keys of control.CONTROL_HANDLERS.
_CONTROL: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("health", ("GET",), "health"),
    ("faults", ("GET",), "faults.get"),
    ("faults", ("POST",), "faults.set"),
    ("requests", ("GET",), "requests.get"),
    ("requests", ("DELETE",), "requests.clear"),
    ("reset", ("POST",), "reset"),
    ("numbers/<number>/verify", ("POST",), "number.verify"),
    ("numbers/<number>/reject", ("POST",), "number.reject"),
    ("accounts", ("POST",), "accounts.add"),
    ("accounts/<auth_id>", ("DELETE",), "accounts.delete"),
    ("accounts/<auth_id>/numbers", ("GET",), "accounts.numbers"),
    ("hold", ("GET",), "hold.get"),
    ("hold", ("POST",), "hold.arm"),
    ("hold", ("DELETE",), "hold.release"),
    ("stats", ("GET",), "stats.get"),
    ("stats", ("DELETE",), "stats.clear"),
)


def build_url_map() -> Map:
    """A fresh Map with every API and control rule."""
    rules = [Rule(ACCOUNT + path, methods=[method], endpoint="api:" + name) for path, method, name in _API]
    rules += [Rule(CONTROL + path, methods=list(m), endpoint="control:" + name) for path, m, name in _CONTROL]
    return Map(rules, strict_slashes=False, merge_slashes=False)


URL_MAP = build_url_map()
