"""The directory: accounts, subaccounts, applications and Zentrunk trunks, and who may see what.

Visibility rule used throughout: a main account sees everything of its family (its own and its
subaccounts' resources); a subaccount sees only resources whose ``sub_account`` is itself.
Every change runs in one store transaction; ids come from a ``random.Random`` seeded with the
emulator seed, so a fresh emulator hands out the same ids in the same order.
"""

from __future__ import annotations

import dataclasses
import random
import string
import uuid
from collections.abc import Callable

from plivo_emulator.errors import BadRequest, Forbidden, InvalidAppId, NotFound, Unauthorized
from plivo_emulator.limits import AUTH_ID_SUFFIX
from plivo_emulator.state.clock import Clock
from plivo_emulator.state.credentials import hash_token, token_matches
from plivo_emulator.state.inputs import AppDeletion, AppFields, EndpointFields, TrunkFields
from plivo_emulator.state.models import (
    MAIN_ACCOUNT_ID,
    MAIN_ACCOUNT_ID_RULE,
    Account,
    Application,
    Endpoint,
    Target,
    Trunk,
)
from plivo_emulator.state.store import Store

# The account every emulator starts with unless told otherwise (the CLI's --auth-id/--auth-token).
DEFAULT_AUTH_ID = "MAEMULATOR0000000001"
DEFAULT_AUTH_TOKEN = "emulator-token"
# The CLI reads the start-up token from here: a --auth-token flag shows in `ps` to every user.
AUTH_TOKEN_VARIABLE = "PLIVO_EMULATOR_AUTH_TOKEN"

# Fixed ids, identical for every seed and every main account, so docs and examples can name them.
WELL_KNOWN_APPS: dict[str, str] = {
    "default": "10000000000000001",
    "voice": "10000000000000002",
    "sms": "10000000000000003",
}

_ALNUM_UPPER = string.ascii_uppercase + string.digits
_ALNUM = string.ascii_letters + string.digits


def well_known_apps(account: str) -> list[Application]:
    """The applications every main account starts with (``created`` 0 sorts them first)."""
    return [
        Application(
            WELL_KNOWN_APPS["default"],
            account,
            "Default Number App",
            answer_url="https://example.com/plivo/answer",
            default_number_app=True,
        ),
        Application(
            WELL_KNOWN_APPS["voice"], account, "Voice IVR", answer_url="https://example.com/plivo/ivr/answer"
        ),
        Application(
            WELL_KNOWN_APPS["sms"], account, "SMS Bot", message_url="https://example.com/plivo/sms/inbound"
        ),
    ]


def visible(caller: Account, sub_account: str | None) -> bool:
    """Whether ``caller`` may see a resource owned by ``sub_account`` (None: the main account)."""
    return caller.is_main or sub_account == caller.auth_id


class Directory:
    """Accounts, subaccounts, applications and trunks, kept in ``store``."""

    def __init__(self, store: Store, clock: Clock, seed: int = 0) -> None:
        self.store = store
        self.clock = clock
        self.seed = seed
        self._rng = random.Random()
        self.reseed()

    def reseed(self) -> None:
        """Restart the id sequence from the seed (used by reset)."""
        self._rng = random.Random(f"plivo-emulator/ids/{self.seed}")

    # accounts

    def authenticate(self, path_auth_id: str, user: str | None, token: str | None) -> Account:
        """The caller, if Basic ``user:token`` is valid and ``user`` is the path's auth_id.

        The path id must equal the Basic user exactly (every SDK builds the path from it); a main
        account cannot act on a subaccount path. Disabled subaccounts cannot authenticate.
        """
        if not user or token is None or user != path_auth_id:
            raise Unauthorized()
        account = self.store.get_account(user)
        if account is None or not token_matches(account.token_hash, token):
            raise Unauthorized()
        if not account.enabled:
            raise Unauthorized()
        return account

    def upgrade_tokens(self) -> None:
        """Replace the clear tokens an older emulator stored by digests (a subaccount's token is
        kept as well, since the API shows it); accounts that have a digest are left alone."""
        with self.store.transaction():
            for account in self.store.accounts():
                if account.token_hash or account.auth_token is None:
                    continue
                shown = None if account.is_main else account.auth_token
                digest = hash_token(account.auth_token)
                self.store.put_account(dataclasses.replace(account, token_hash=digest, auth_token=shown))

    def ensure_main_account(self, auth_id: str, auth_token: str) -> Account:
        """Create the account (with the well-known apps) or refresh its token; idempotent."""
        with self.store.transaction():
            current = self.store.get_account(auth_id)
            if current is not None:
                # auth_token=None also drops a clear token an older emulator stored.
                account = dataclasses.replace(current, token_hash=hash_token(auth_token), auth_token=None)
                self.store.put_account(account)
                return account
            return self._create_main_account(auth_id, auth_token)

    def add_main_account(self, auth_id: str, auth_token: str) -> Account:
        """Create another main account with the well-known apps; an existing id is a BadRequest."""
        if not MAIN_ACCOUNT_ID.match(auth_id):
            raise BadRequest(MAIN_ACCOUNT_ID_RULE)
        if not auth_token:
            raise BadRequest("auth_token is required")
        with self.store.transaction():
            if self.store.get_account(auth_id) is not None:
                raise BadRequest("account already exists")
            return self._create_main_account(auth_id, auth_token)

    def _create_main_account(self, auth_id: str, auth_token: str) -> Account:
        account = Account(
            auth_id=auth_id,
            parent=None,
            name="Plivo Emulator",
            enabled=True,
            created=self.clock.today().isoformat(),
            token_hash=hash_token(auth_token),
        )
        self.store.put_account(account)
        for app in well_known_apps(auth_id):
            self.store.put_app(app)
        return account

    def remove_main_account(self, auth_id: str) -> None:
        """Delete a main account and everything of its family; its numbers are for sale again."""
        with self.store.transaction():
            account = self.store.get_account(auth_id)
            if account is None or not account.is_main:
                raise NotFound()
            for number in self.store.numbers_of(auth_id):
                self.store.delete_number(number.number)
            for app in self.store.apps_of(auth_id):
                self.store.delete_app(auth_id, app.app_id)
            for trunk in self.store.trunks_of(auth_id):
                self.store.delete_trunk(auth_id, trunk.trunk_id)
            for endpoint in self.store.endpoints_of(auth_id):
                self.store.delete_endpoint(auth_id, endpoint.endpoint_id)
            for sub in self.store.subaccounts(auth_id):
                self.store.delete_account(sub.auth_id)
            self.store.delete_account(auth_id)

    def account(self, auth_id: str) -> Account:
        """An existing account, main or sub; NotFound otherwise."""
        account = self.store.get_account(auth_id)
        if account is None:
            raise NotFound()
        return account

    def account_name(self, auth_id: str) -> str | None:
        """The name of an account, or None if it does not exist."""
        account = self.store.get_account(auth_id)
        return account.name if account else None

    # subaccounts

    def create_subaccount(self, caller: Account, name: str, enabled: bool) -> Account:
        """A new subaccount of the caller (a main account)."""
        _require_main(caller)
        with self.store.transaction():
            # Drawn in this order so a seed hands out the same ids and tokens as before.
            auth_id = self._new_id("SA", lambda i: self.store.get_account(i) is not None)
            token = "".join(self._rng.choice(_ALNUM) for _ in range(40))
            sub = Account(
                auth_id=auth_id,
                parent=caller.auth_id,
                name=name,
                enabled=enabled,
                created=self.clock.today().isoformat(),
                token_hash=hash_token(token),
                auth_token=token,  # Plivo shows a subaccount's token; the emulator minted it
            )
            self.store.put_account(sub)
            return sub

    def get_subaccount(self, caller: Account, sub_id: str) -> Account:
        """One subaccount of the caller."""
        _require_main(caller)
        sub = self.store.get_account(sub_id)
        if sub is None or sub.parent != caller.auth_id:
            raise NotFound()
        return sub

    def list_subaccounts(self, caller: Account) -> list[Account]:
        """Every subaccount of the caller."""
        _require_main(caller)
        return self.store.subaccounts(caller.auth_id)

    def update_subaccount(self, caller: Account, sub_id: str, name: str | None, enabled: bool | None) -> None:
        """Rename and/or enable/disable a subaccount."""
        with self.store.transaction():
            sub = self.get_subaccount(caller, sub_id)
            sub = dataclasses.replace(
                sub,
                name=sub.name if name is None else name,
                enabled=sub.enabled if enabled is None else enabled,
                modified=self.clock.today().isoformat(),
            )
            self.store.put_account(sub)

    def delete_subaccount(self, caller: Account, sub_id: str, cascade: bool) -> None:
        """Delete a subaccount; ``cascade`` releases its numbers and deletes its apps and trunks,
        otherwise they move to the main account (Plivo's documented choice)."""
        with self.store.transaction():
            sub = self.get_subaccount(caller, sub_id)
            for number in self.store.numbers_of(caller.auth_id, sub.auth_id):
                if cascade:
                    self.store.delete_number(number.number)
                else:
                    self.store.put_number(dataclasses.replace(number, sub_account=None))
            self._orphan_children(caller.auth_id, sub.auth_id, cascade)
            self.store.delete_account(sub.auth_id)

    def _orphan_children(self, account: str, sub_id: str, cascade: bool) -> None:
        for app in self.store.apps_of(account):
            if app.sub_account != sub_id:
                continue
            if cascade:
                self._remove_app(app)
            else:
                adopted = dataclasses.replace(
                    app, sub_account=None, default_number_app=False, default_endpoint_app=False
                )
                self.store.put_app(adopted)
        for trunk in self.store.trunks_of(account):
            if trunk.sub_account == sub_id and cascade:
                self._remove_trunk(trunk)
            elif trunk.sub_account == sub_id:
                self.store.put_trunk(dataclasses.replace(trunk, sub_account=None))

    def subaccount_of(self, caller: Account, subaccount: str) -> str:
        """``subaccount``'s auth_id when it belongs to the calling main account; 400 otherwise."""
        sub = self.store.get_account(subaccount)
        if sub is None or sub.parent != caller.auth_id:
            raise BadRequest("invalid subaccount")
        return sub.auth_id

    # applications

    def create_application(self, caller: Account, fields: AppFields) -> Application:
        """A new application owned by the caller (or by ``fields.subaccount`` for a main account)."""
        if not fields.app_name:
            raise BadRequest("app_name is required")
        with self.store.transaction():
            app = Application(
                app_id=self._new_app_id(caller.main_id),
                account=caller.main_id,
                app_name=fields.app_name,
                sub_account=self._app_owner(caller, fields.subaccount),
                created=self.clock.now(),
            )
            app = dataclasses.replace(app, **fields.changes())
            self._put_app(app)
            return app

    def _app_owner(self, caller: Account, subaccount: str | None) -> str | None:
        if not caller.is_main:
            return caller.auth_id
        return self.subaccount_of(caller, subaccount) if subaccount else None

    def _put_app(self, app: Application) -> None:
        # Only one default_number_app (and one default_endpoint_app) per owner: setting a flag
        # clears it on the owner's other applications, so the default moves.
        for other in self.store.apps_of(app.account):
            if other.app_id == app.app_id or other.sub_account != app.sub_account:
                continue
            cleared = dataclasses.replace(
                other,
                default_number_app=other.default_number_app and not app.default_number_app,
                default_endpoint_app=other.default_endpoint_app and not app.default_endpoint_app,
            )
            if cleared != other:
                self.store.put_app(cleared)
        self.store.put_app(app)

    def get_application(self, caller: Account, app_id: str) -> Application:
        """An application visible to the caller."""
        app = self.store.get_app(caller.main_id, app_id)
        if app is None or not visible(caller, app.sub_account):
            raise NotFound()
        return app

    def list_applications(
        self, caller: Account, subaccount: str | None = None, app_name: str | None = None
    ) -> list[Application]:
        """Applications visible to the caller, optionally filtered, oldest first."""
        apps = [a for a in self.store.apps_of(caller.main_id) if visible(caller, a.sub_account)]
        if subaccount:
            apps = [a for a in apps if a.sub_account == subaccount]
        if app_name:
            apps = [a for a in apps if a.app_name == app_name]
        return apps

    def update_application(self, caller: Account, app_id: str, fields: AppFields) -> None:
        """Change the given fields of an application."""
        with self.store.transaction():
            app = self.get_application(caller, app_id)
            owner = self._app_owner(caller, fields.subaccount) if fields.subaccount else app.sub_account
            self._put_app(dataclasses.replace(app, sub_account=owner, **fields.changes()))

    def delete_application(self, caller: Account, app_id: str, options: AppDeletion) -> None:
        """Delete an application; numbers linked to it are left with no application.

        Its SIP endpoints are deleted with ``cascade`` (Plivo's default), else they move to
        ``new_endpoint_application`` (another application the caller can see) or the default
        endpoint app.
        """
        with self.store.transaction():
            app = self.get_application(caller, app_id)
            target = options.new_endpoint_application
            if target is not None and (target == app_id or not self._visible_app(caller, target)):
                raise BadRequest("invalid new_endpoint_application")
            # Plivo's own default for cascade deletes the endpoints (the provider always sends it).
            cascade = True if options.cascade is None else options.cascade
            self._release_endpoints(app, cascade, target)
            self._remove_app(app)

    def _visible_app(self, caller: Account, app_id: str) -> bool:
        app = self.store.get_app(caller.main_id, app_id)
        return app is not None and visible(caller, app.sub_account)

    def _remove_app(self, app: Application) -> None:
        for number in self.store.numbers_of(app.account):
            if number.app_id == app.app_id:
                self.store.put_number(dataclasses.replace(number, app_id=None))
        self.store.delete_app(app.account, app.app_id)

    def default_number_app(self, caller: Account) -> Application | None:
        """The caller's own ``default_number_app`` application, if any."""
        owner = None if caller.is_main else caller.auth_id
        for app in self.store.apps_of(caller.main_id):
            if app.default_number_app and app.sub_account == owner:
                return app
        return None

    # trunks

    def create_trunk(self, caller: Account, fields: TrunkFields) -> Trunk:
        """A new Zentrunk trunk (inbound unless ``trunk_direction`` says otherwise)."""
        with self.store.transaction():
            trunk = Trunk(
                trunk_id=self._new_trunk_id(caller.main_id),
                account=caller.main_id,
                name=fields.name or "",
                sub_account=None if caller.is_main else caller.auth_id,
                created=self.clock.now(),
            )
            trunk = dataclasses.replace(trunk, **fields.changes())
            self.store.put_trunk(trunk)
            return trunk

    def get_trunk(self, caller: Account, trunk_id: str) -> Trunk:
        """A trunk visible to the caller."""
        trunk = self.store.get_trunk(caller.main_id, trunk_id)
        if trunk is None or not visible(caller, trunk.sub_account):
            raise NotFound()
        return trunk

    def list_trunks(self, caller: Account) -> list[Trunk]:
        """Trunks visible to the caller, oldest first."""
        return [t for t in self.store.trunks_of(caller.main_id) if visible(caller, t.sub_account)]

    def update_trunk(self, caller: Account, trunk_id: str, fields: TrunkFields) -> None:
        """Change the given fields of a trunk."""
        with self.store.transaction():
            trunk = self.get_trunk(caller, trunk_id)
            self.store.put_trunk(dataclasses.replace(trunk, **fields.changes()))

    def delete_trunk(self, caller: Account, trunk_id: str) -> None:
        """Delete a trunk; numbers linked to it are left with no object."""
        with self.store.transaction():
            self._remove_trunk(self.get_trunk(caller, trunk_id))

    def _remove_trunk(self, trunk: Trunk) -> None:
        for number in self.store.numbers_of(trunk.account):
            if number.object_id == trunk.trunk_id:
                self.store.put_number(dataclasses.replace(number, object_type=None, object_id=None))
        self.store.delete_trunk(trunk.account, trunk.trunk_id)

    # what a number may point at

    def app_target(self, caller: Account, app_id: str) -> Target:
        """The link for ``app_id``: one of the caller's applications, or (Plivo's GA update page
        lets Zentrunk users do this) an inbound trunk id; InvalidAppId otherwise."""
        app = self.store.get_app(caller.main_id, app_id)
        if app is not None and visible(caller, app.sub_account):
            return Target(app_id=app_id)
        trunk = self.store.get_trunk(caller.main_id, app_id)
        if trunk is not None and visible(caller, trunk.sub_account) and trunk.trunk_direction == "inbound":
            return Target(object_type="trunk", object_id=trunk.trunk_id)
        raise InvalidAppId()

    def trunk_target(self, caller: Account, trunk_id: str) -> Target:
        """The link for ``object_type=trunk``: an inbound trunk the caller can see; 400 otherwise."""
        trunk = self.store.get_trunk(caller.main_id, trunk_id)
        if trunk is None or not visible(caller, trunk.sub_account):
            raise BadRequest("invalid object_id")
        if trunk.trunk_direction != "inbound":
            raise BadRequest("object_id must be an inbound trunk")
        return Target(object_type="trunk", object_id=trunk.trunk_id)

    # SIP endpoints

    def create_endpoint(self, caller: Account, fields: EndpointFields) -> Endpoint:
        """A new SIP endpoint owned by the caller; Plivo adds a 12-digit suffix to the username."""
        with self.store.transaction():
            endpoint = Endpoint(
                endpoint_id=self._new_endpoint_id(caller.main_id),
                account=caller.main_id,
                username=f"{fields.username}{self._rng.randrange(10**11, 10**12)}",
                alias=str(fields.alias),
                password_hash=hash_token(str(fields.password)),
                app_id=self._endpoint_app(caller, fields.app_id),
                sub_account=None if caller.is_main else caller.auth_id,
                created=self.clock.now(),
            )
            self.store.put_endpoint(endpoint)
            return endpoint

    def _endpoint_app(self, caller: Account, app_id: str | None) -> str | None:
        """The app an endpoint maps to: the given one (which must exist), else the default endpoint app."""
        if app_id is not None:
            if not self._visible_app(caller, app_id):
                raise InvalidAppId()
            return app_id
        owner = None if caller.is_main else caller.auth_id
        defaults = [
            a for a in self.store.apps_of(caller.main_id) if a.default_endpoint_app and a.sub_account == owner
        ]
        return defaults[0].app_id if defaults else None

    def get_endpoint(self, caller: Account, endpoint_id: str) -> Endpoint:
        """A SIP endpoint visible to the caller."""
        endpoint = self.store.get_endpoint(caller.main_id, endpoint_id)
        if endpoint is None or not visible(caller, endpoint.sub_account):
            raise NotFound()
        return endpoint

    def list_endpoints(self, caller: Account) -> list[Endpoint]:
        """SIP endpoints visible to the caller, oldest first."""
        return [e for e in self.store.endpoints_of(caller.main_id) if visible(caller, e.sub_account)]

    def update_endpoint(self, caller: Account, endpoint_id: str, fields: EndpointFields) -> None:
        """Change the password, alias or app of an endpoint (the username cannot change)."""
        with self.store.transaction():
            endpoint = self.get_endpoint(caller, endpoint_id)
            changes: dict[str, object] = {}
            if fields.password is not None:
                changes["password_hash"] = hash_token(fields.password)
            if fields.alias is not None:
                changes["alias"] = fields.alias
            if fields.app_id is not None:
                changes["app_id"] = self._endpoint_app(caller, fields.app_id)
            self.store.put_endpoint(dataclasses.replace(endpoint, **changes))  # type: ignore[arg-type]

    def delete_endpoint(self, caller: Account, endpoint_id: str) -> None:
        """Delete a SIP endpoint."""
        with self.store.transaction():
            endpoint = self.get_endpoint(caller, endpoint_id)
            self.store.delete_endpoint(endpoint.account, endpoint.endpoint_id)

    def _release_endpoints(self, app: Application, cascade: bool, new_app: str | None) -> None:
        """An app's endpoints when it is deleted: deleted (``cascade``), or moved to ``new_app``, or
        to the owner's default endpoint app, or left with none."""
        for endpoint in self.store.endpoints_of(app.account):
            if endpoint.app_id != app.app_id:
                continue
            if cascade:
                self.store.delete_endpoint(endpoint.account, endpoint.endpoint_id)
                continue
            target = new_app
            if target is None:
                defaults = [
                    a.app_id
                    for a in self.store.apps_of(app.account)
                    if a.default_endpoint_app and a.sub_account == app.sub_account and a.app_id != app.app_id
                ]
                target = defaults[0] if defaults else None
            self.store.put_endpoint(dataclasses.replace(endpoint, app_id=target))

    # ids

    def _new_id(self, prefix: str, taken: Callable[[str], bool]) -> str:
        while True:
            candidate = prefix + "".join(self._rng.choice(_ALNUM_UPPER) for _ in range(AUTH_ID_SUFFIX))
            if not taken(candidate):
                return candidate

    def _new_app_id(self, account: str) -> str:
        # Real app ids are 14-18 digit strings; the 1000…000N range is kept for WELL_KNOWN_APPS.
        while True:
            app_id = str(self._rng.randrange(2 * 10**16, 10**17))
            if self.store.get_app(account, app_id) is None:
                return app_id

    def _new_endpoint_id(self, account: str) -> str:
        # Plivo's endpoint ids are 14-digit strings.
        while True:
            endpoint_id = str(self._rng.randrange(10**13, 10**14))
            if self.store.get_endpoint(account, endpoint_id) is None:
                return endpoint_id

    def _new_trunk_id(self, account: str) -> str:
        while True:
            trunk_id = str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
            if self.store.get_trunk(account, trunk_id) is None:
                return trunk_id


def _require_main(caller: Account) -> None:
    if not caller.is_main:
        raise Forbidden("subaccounts cannot manage subaccounts")
