"""Backend operations on accounts, subaccounts, applications and Zentrunk trunks.

Visibility rule used throughout: a main account sees everything of its family (its own and its
subaccounts' resources); a subaccount sees only resources whose ``sub_account`` is itself.
"""

from __future__ import annotations

import dataclasses
import hmac
import re

from plivo_emulator.core import BackendCore
from plivo_emulator.errors import BadRequest, Forbidden, NotFound, Unauthorized
from plivo_emulator.inputs import AppFields, TrunkFields
from plivo_emulator.models import Account, Application, Trunk

MAIN_ACCOUNT_RE = re.compile(r"^MA[A-Z0-9]{18}$")

# Fixed ids, identical for every seed and every main account, so docs and examples can name them.
WELL_KNOWN_APPS: dict[str, str] = {
    "default": "10000000000000001",
    "voice": "10000000000000002",
    "sms": "10000000000000003",
}


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


class DirectoryOps(BackendCore):
    """Accounts, subaccounts, applications and trunks."""

    # accounts

    def authenticate(self, path_auth_id: str, user: str | None, token: str | None) -> Account:
        """The caller, if Basic ``user:token`` is valid and ``user`` is the path's auth_id.

        The path id must equal the Basic user exactly (every SDK builds the path from it); a main
        account cannot act on a subaccount path. Disabled subaccounts cannot authenticate.
        """
        if not user or token is None or user != path_auth_id:
            raise Unauthorized()
        with self.lock:
            account = self.store.get_account(user)
        if account is None or not hmac.compare_digest(account.auth_token.encode(), token.encode()):
            raise Unauthorized()
        if not account.enabled:
            raise Unauthorized()
        return account

    def ensure_main_account(self, auth_id: str, auth_token: str) -> Account:
        """Create the account (with the well-known apps) or refresh its token; idempotent."""
        with self._write():
            current = self.store.get_account(auth_id)
            if current is not None:
                account = dataclasses.replace(current, auth_token=auth_token)
                self.store.put_account(account)
                return account
            return self._create_main_account(auth_id, auth_token)

    def add_main_account(self, auth_id: str, auth_token: str) -> Account:
        """Create another main account with the well-known apps; an existing id is a BadRequest."""
        if not MAIN_ACCOUNT_RE.match(auth_id):
            raise BadRequest("auth_id must be MA followed by 18 upper-case letters or digits")
        if not auth_token:
            raise BadRequest("auth_token is required")
        with self._write():
            if self.store.get_account(auth_id) is not None:
                raise BadRequest("account already exists")
            return self._create_main_account(auth_id, auth_token)

    def _create_main_account(self, auth_id: str, auth_token: str) -> Account:
        account = Account(auth_id, auth_token, None, "Plivo Emulator", True, self._today().isoformat())
        self.store.put_account(account)
        for app in well_known_apps(auth_id):
            self.store.put_app(app)
        return account

    def account_name(self, auth_id: str) -> str | None:
        """The name of an account, or None if it does not exist."""
        with self.lock:
            account = self.store.get_account(auth_id)
        return account.name if account else None

    # subaccounts

    def create_subaccount(self, caller: Account, name: str, enabled: bool) -> Account:
        """A new subaccount of the caller (a main account)."""
        _require_main(caller)
        with self._write():
            sub = Account(
                auth_id=self._new_subaccount_id(),
                auth_token=self._new_token(),
                parent=caller.auth_id,
                name=name,
                enabled=enabled,
                created=self._today().isoformat(),
            )
            self.store.put_account(sub)
            return sub

    def get_subaccount(self, caller: Account, sub_id: str) -> Account:
        """One subaccount of the caller."""
        _require_main(caller)
        with self.lock:
            sub = self.store.get_account(sub_id)
        if sub is None or sub.parent != caller.auth_id:
            raise NotFound()
        return sub

    def list_subaccounts(self, caller: Account) -> list[Account]:
        """Every subaccount of the caller."""
        _require_main(caller)
        with self.lock:
            return self.store.subaccounts(caller.auth_id)

    def update_subaccount(self, caller: Account, sub_id: str, name: str | None, enabled: bool | None) -> None:
        """Rename and/or enable/disable a subaccount."""
        with self._write():
            sub = self.get_subaccount(caller, sub_id)
            sub = dataclasses.replace(
                sub,
                name=sub.name if name is None else name,
                enabled=sub.enabled if enabled is None else enabled,
                modified=self._today().isoformat(),
            )
            self.store.put_account(sub)

    def delete_subaccount(self, caller: Account, sub_id: str, cascade: bool) -> None:
        """Delete a subaccount; ``cascade`` releases its numbers and deletes its apps and trunks,
        otherwise they move to the main account (Plivo's documented choice)."""
        with self._write():
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
            if app.sub_account == sub_id:
                self._drop_or_adopt_app(app, cascade)
        for trunk in self.store.trunks_of(account):
            if trunk.sub_account == sub_id and cascade:
                self._remove_trunk(trunk)
            elif trunk.sub_account == sub_id:
                self.store.put_trunk(dataclasses.replace(trunk, sub_account=None))

    def _drop_or_adopt_app(self, app: Application, cascade: bool) -> None:
        if cascade:
            self._remove_app(app)
        else:
            self.store.put_app(dataclasses.replace(app, sub_account=None, default_number_app=False))

    # applications

    def create_application(self, caller: Account, fields: AppFields) -> Application:
        """A new application owned by the caller (or by ``fields.subaccount`` for a main account)."""
        if not fields.app_name:
            raise BadRequest("app_name is required")
        with self._write():
            owner = self._app_owner(caller, fields.subaccount)
            app = Application(
                app_id=self._new_app_id(caller.main_id),
                account=caller.main_id,
                app_name=fields.app_name,
                sub_account=owner,
                created=self.clock(),
            )
            app = dataclasses.replace(app, **fields.changes())
            self._put_app(app)
            return app

    def _app_owner(self, caller: Account, subaccount: str | None) -> str | None:
        if not caller.is_main:
            return caller.auth_id
        return self._subaccount_of(caller, subaccount) if subaccount else None

    def _subaccount_of(self, caller: Account, subaccount: str) -> str:
        """``subaccount``'s auth_id when it belongs to the calling main account; 400 otherwise."""
        sub = self.store.get_account(subaccount)
        if sub is None or sub.parent != caller.auth_id:
            raise BadRequest("invalid subaccount")
        return sub.auth_id

    def _put_app(self, app: Application) -> None:
        # Only one default_number_app per owner: setting it clears the flag on its siblings.
        if app.default_number_app:
            for other in self.store.apps_of(app.account):
                if (
                    other.app_id != app.app_id
                    and other.default_number_app
                    and other.sub_account == app.sub_account
                ):
                    self.store.put_app(dataclasses.replace(other, default_number_app=False))
        self.store.put_app(app)

    def get_application(self, caller: Account, app_id: str) -> Application:
        """An application visible to the caller."""
        with self.lock:
            app = self.store.get_app(caller.main_id, app_id)
        if app is None or not visible(caller, app.sub_account):
            raise NotFound()
        return app

    def list_applications(
        self, caller: Account, subaccount: str | None = None, app_name: str | None = None
    ) -> list[Application]:
        """Applications visible to the caller, optionally filtered, oldest first."""
        with self.lock:
            apps = [a for a in self.store.apps_of(caller.main_id) if visible(caller, a.sub_account)]
        if subaccount:
            apps = [a for a in apps if a.sub_account == subaccount]
        if app_name:
            apps = [a for a in apps if a.app_name == app_name]
        return apps

    def update_application(self, caller: Account, app_id: str, fields: AppFields) -> None:
        """Change the given fields of an application."""
        with self._write():
            app = self.get_application(caller, app_id)
            owner = self._app_owner(caller, fields.subaccount) if fields.subaccount else app.sub_account
            self._put_app(dataclasses.replace(app, sub_account=owner, **fields.changes()))

    def delete_application(self, caller: Account, app_id: str) -> None:
        """Delete an application; numbers linked to it are left with no application."""
        with self._write():
            self._remove_app(self.get_application(caller, app_id))

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
        with self._write():
            trunk = Trunk(
                trunk_id=self._new_trunk_id(caller.main_id),
                account=caller.main_id,
                name=fields.name or "",
                sub_account=None if caller.is_main else caller.auth_id,
                created=self.clock(),
            )
            trunk = dataclasses.replace(trunk, **fields.changes())
            self.store.put_trunk(trunk)
            return trunk

    def get_trunk(self, caller: Account, trunk_id: str) -> Trunk:
        """A trunk visible to the caller."""
        with self.lock:
            trunk = self.store.get_trunk(caller.main_id, trunk_id)
        if trunk is None or not visible(caller, trunk.sub_account):
            raise NotFound()
        return trunk

    def list_trunks(self, caller: Account) -> list[Trunk]:
        """Trunks visible to the caller, oldest first."""
        with self.lock:
            return [t for t in self.store.trunks_of(caller.main_id) if visible(caller, t.sub_account)]

    def update_trunk(self, caller: Account, trunk_id: str, fields: TrunkFields) -> None:
        """Change the given fields of a trunk."""
        with self._write():
            trunk = self.get_trunk(caller, trunk_id)
            self.store.put_trunk(dataclasses.replace(trunk, **fields.changes()))

    def delete_trunk(self, caller: Account, trunk_id: str) -> None:
        """Delete a trunk; numbers linked to it are left with no object."""
        with self._write():
            self._remove_trunk(self.get_trunk(caller, trunk_id))

    def _remove_trunk(self, trunk: Trunk) -> None:
        for number in self.store.numbers_of(trunk.account):
            if number.object_id == trunk.trunk_id:
                self.store.put_number(dataclasses.replace(number, object_type=None, object_id=None))
        self.store.delete_trunk(trunk.account, trunk.trunk_id)


def visible(caller: Account, sub_account: str | None) -> bool:
    """Whether ``caller`` may see a resource owned by ``sub_account`` (None: the main account)."""
    return caller.is_main or sub_account == caller.auth_id


def _require_main(caller: Account) -> None:
    if not caller.is_main:
        raise Forbidden("subaccounts cannot manage subaccounts")
