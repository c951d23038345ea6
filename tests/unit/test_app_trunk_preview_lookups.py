"""IDs an Application or a trunk link names, looked up at preview: asked once, never for the stack's own."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from pulumi.output import Unknown

from plivo_provider.api.errors import NotFoundError
from plivo_provider.inputs import preview
from plivo_provider.lifecycle import registry
from plivo_provider.resources.application import ApplicationProvider

pytestmark = pytest.mark.unit


class Account:
    """The applications of an account, as a check asks for them; every call is recorded."""

    def __init__(self, *app_ids: str) -> None:
        self.app_ids = set(app_ids)
        self.calls: list[str] = []
        self.settings = SimpleNamespace(auth_id="MA0123456789ABCDEFGH")

    def get_application(self, app_id: str) -> dict[str, Any]:
        self.calls.append(f"GET Application/{app_id}/")
        if app_id not in self.app_ids:
            raise NotFoundError("not found", status=404)
        return {"app_id": app_id}

    def list_applications(self, **filters: str) -> list[dict[str, Any]]:
        self.calls.append(f"GET Application/?app_name={filters.get('app_name')}")
        return []


@pytest.fixture
def account() -> Iterator[Account]:
    registry.reset()
    yield Account("20468599130939380")
    registry.reset()


def check_with(account: Account, olds: dict[str, Any], news: dict[str, Any]) -> list[tuple[str, str]]:
    provider = ApplicationProvider()
    provider.client = lambda: account  # type: ignore[method-assign,assignment,return-value]
    result = provider.check(olds, news)
    return [(f.property, f.reason) for f in result.failures]


def test_finding13_a_new_endpoint_application_not_in_the_account_fails_at_preview(account: Account) -> None:
    failures = check_with(account, {}, {"app_name": "ivr", "new_endpoint_application": "99999999999999999"})
    assert len(failures) == 1, failures
    field, reason = failures[0]
    assert field == "new_endpoint_application"
    assert "no application 99999999999999999 in Plivo account MA0123456789ABCDEFGH" in reason


def test_an_existing_new_endpoint_application_passes_and_is_asked_once(account: Account) -> None:
    news = {"app_name": "ivr", "new_endpoint_application": "20468599130939380"}
    assert check_with(account, {}, news) == []
    assert check_with(account, {}, {**news, "app_name": "ivr-2"}) == []
    assert account.calls.count("GET Application/20468599130939380/") == 1


def test_a_new_endpoint_application_of_the_stack_is_not_asked_for(account: Account) -> None:
    registry.registry().declared("application").add("30000000000000001")  # created or read this run
    news = {"app_name": "ivr", "new_endpoint_application": "30000000000000001"}
    assert check_with(account, {}, news) == []
    assert account.calls == ["GET Application/?app_name=ivr"]


def test_a_no_change_run_asks_nothing_and_a_changed_id_is_asked(account: Account) -> None:
    olds = {"app_name": "ivr", "new_endpoint_application": "99999999999999999"}
    assert check_with(account, olds, dict(olds)) == []
    assert account.calls == []
    failures = check_with(account, olds, {**olds, "new_endpoint_application": "88888888888888888"})
    assert [field for field, _ in failures] == ["new_endpoint_application"]
    assert account.calls == ["GET Application/88888888888888888/"]


def test_an_unknown_new_endpoint_application_is_not_asked_for(account: Account) -> None:
    assert check_with(account, {}, {"app_name": "ivr", "new_endpoint_application": Unknown()}) == []
    assert account.calls == ["GET Application/?app_name=ivr"]


class Trunks:
    def __init__(self, *trunk_ids: str) -> None:
        self.trunk_ids = set(trunk_ids)
        self.calls: list[str] = []
        self.settings = SimpleNamespace(auth_id="MA0123456789ABCDEFGH")

    def get_trunk(self, trunk_id: str) -> dict[str, Any]:
        self.calls.append(trunk_id)
        if trunk_id not in self.trunk_ids:
            raise NotFoundError("not found", status=404)
        return {"trunk_id": trunk_id}


def test_require_trunk_names_object_id_and_asks_once_per_trunk() -> None:
    registry.reset()
    trunks = Trunks("t-real")
    missing = preview.require_trunk(trunks, "t-typo")  # type: ignore[arg-type]
    assert missing is not None
    assert missing[0] == "object_id"
    assert "no trunk t-typo in Plivo account MA0123456789ABCDEFGH" in missing[1]
    assert preview.require_trunk(trunks, "t-real") is None  # type: ignore[arg-type]
    assert preview.require_trunk(trunks, "t-real") is None  # type: ignore[arg-type]
    assert trunks.calls == ["t-typo", "t-real"]
    registry.reset()
