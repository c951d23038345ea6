"""The emulator's HTTP layer: the WSGI app, its URL maps and handlers, and what acts on requests.

``urls`` maps each path and method to its handler in ``handlers`` (Plivo's API) or ``control``
(the control API); ``app`` runs a request through hold, faults, authentication and the handler,
and ``server`` serves the app from a thread. ``faults``, ``hold`` and ``stats`` act on requests
as they pass; ``shapes`` renders Plivo's JSON.

Importing this package imports nothing: ``faults``, ``hold``, ``stats`` and ``lazy_server`` work
without werkzeug, and :func:`.lazy_server.server_class` loads the modules that need it.
"""
