"""What "local" means to the emulator: the Host names it answers, loopback binds and printed URLs.

Why the emulator looks at ``Host``: a web page open in the developer's browser can make the
browser send requests to ``127.0.0.1``. With DNS rebinding (the page's own name is made to
resolve to 127.0.0.1) the browser even treats the emulator as the page's origin and lets it read
the answers. Such requests still carry the page's name in ``Host``, so answering only loopback
names (and the ones the user adds) defeats rebinding. Plain cross-site posts are stopped by the
control API's JSON content type (``control.require_json``). No module here needs werkzeug.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

# The names a request may give in Host, compared exactly (IPv6 without its brackets); any port.
LOOPBACK_HOSTS: frozenset[str] = frozenset({"127.0.0.1", "localhost", "::1"})
LOOPBACK_RULE = "Host must be 127.0.0.1, localhost or [::1], with any port, or a name given with --allow-host"

# host, or [IPv6], then an optional :port; nothing else (no userinfo, path or fragment).
_HOST_HEADER = re.compile(
    r"(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<name>[A-Za-z0-9.-]+))(?::[0-9]{1,5})?", re.ASCII
)


URL_LINE_PREFIX = "plivo emulator listening on "
"""The CLI's one stdout line once it listens is this prefix and then its URL (the harness waits for it)."""


def unbracketed(host: str) -> str:
    """``host`` without the brackets an IPv6 address may be written in (``[::1]`` -> ``::1``)."""
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def host_name(value: str | None) -> str | None:
    """The host part of a ``Host`` header (or of an ``--allow-host`` value): lower case, IPv6
    without brackets. None when the value is missing or not ``host[:port]``."""
    if not value:
        return None
    match = _HOST_HEADER.fullmatch(value)
    if match is None:
        return None
    return (match["v6"] or match["name"]).lower()


def allowed_hosts(extra: Iterable[str] = ()) -> frozenset[str]:
    """The loopback names plus ``extra`` (host names or addresses, IPv6 with or without brackets).

    :raises ValueError: for a value that cannot be a host name.
    """
    names = set(LOOPBACK_HOSTS)
    for value in extra:
        bare = unbracketed(value)
        name = host_name(f"[{bare}]" if ":" in bare else bare)
        if name is None:
            raise ValueError(f"allowed host {value!r} is not a host name or IP address")
        names.add(name)
    return frozenset(names)


def host_allowed(header: str | None, names: frozenset[str]) -> bool:
    """Whether a request's ``Host`` header names one of ``names`` exactly (any port)."""
    return host_name(header) in names


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the emulator on this machine (``localhost`` or a loopback
    address; any other name is assumed to reach the network)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def http_url(host: str, port: int) -> str:
    """``http://host:port``, with an IPv6 address in brackets as URLs require."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
