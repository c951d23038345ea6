"""Application and Trunk creation on a fake account: created exactly once, or the named object adopted."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from plivo_provider import NameConflictError, OutcomeUnknownError, ServerError
from plivo_provider.api.errors import NotFoundError, TransportError
from plivo_provider.lifecycle.by_name import acquire, create_once
from plivo_provider.resources.trunk import TrunkKind

pytestmark = pytest.mark.unit


# -- create exactly once, or adopt (a fake account; the real one is in tests/contract) -----------


class FakeKind(TrunkKind):
    """The trunk kind on an account holding objects by ID; a create can fail before or after it commits."""

    def __init__(self, create_failures: list[str] | None = None, list_fails: bool = False) -> None:
        self.objects: dict[str, dict[str, Any]] = {}
        self.create_failures = list(create_failures or [])
        self.list_fails = list_fails
        self.creates = 0
        self.updates: list[dict[str, Any]] = []

    def create_object(self, client: Any, fields: dict[str, Any]) -> str:
        self.creates += 1
        failure = self.create_failures.pop(0) if self.create_failures else None
        if failure == "5xx-before":
            raise ServerError("internal server error", status=500)
        object_id = f"t-{len(self.objects) + 1}"
        self.objects[object_id] = {"trunk_id": object_id, "trunk_direction": "inbound", **fields}
        if failure == "dropped-after":
            raise TransportError("the connection failed or was dropped")
        return object_id

    def get(self, client: Any, object_id: str) -> dict[str, Any]:
        if object_id not in self.objects:
            raise NotFoundError("not found", status=404)
        return self.objects[object_id]

    def find(self, client: Any, name: str) -> list[dict[str, Any]]:
        if self.list_fails and self.creates:
            raise TransportError("no answer")
        return [o for o in self.objects.values() if o.get("name") == name]

    def update(self, client: Any, object_id: str, fields: dict[str, Any]) -> None:
        self.updates.append(fields)
        self.objects[object_id].update(fields)

    def delete_object(self, client: Any, object_id: str, state: Any) -> None:
        del self.objects[object_id]


CLIENT = SimpleNamespace(settings=SimpleNamespace(max_retries=2), backoff=lambda failures: 0.0)


def no_sleep(seconds: float) -> None:
    pass


def test_an_answer_lost_after_the_create_is_not_followed_by_a_second_create(capsys) -> None:
    kind = FakeKind(["dropped-after"])
    assert create_once(kind, CLIENT, {"name": "pbx"}, sleep=no_sleep) == "t-1"
    assert (kind.creates, len(kind.objects)) == (1, 1)
    assert "answer was lost" in capsys.readouterr().err


def test_a_create_proven_not_made_is_repeated() -> None:
    kind = FakeKind(["5xx-before"])
    assert create_once(kind, CLIENT, {"name": "pbx"}, sleep=no_sleep) == "t-1"
    assert (kind.creates, len(kind.objects)) == (2, 1)


def test_a_create_that_cannot_be_verified_is_not_repeated() -> None:
    kind = FakeKind(["5xx-before"], list_fails=True)
    with pytest.raises(OutcomeUnknownError, match="adopts the trunk of this name"):
        create_once(kind, CLIENT, {"name": "pbx"}, sleep=no_sleep)
    assert kind.creates == 1


def test_every_attempt_proven_not_made_says_nothing_was_created() -> None:
    kind = FakeKind(["5xx-before"] * 3)
    with pytest.raises(ServerError, match="'pbx' was not created: 3 attempt"):
        create_once(kind, CLIENT, {"name": "pbx"}, sleep=no_sleep)
    assert kind.objects == {}


def test_adoption_applies_only_the_declared_settings_that_differ() -> None:
    kind = FakeKind()
    kind.objects["t-9"] = {"trunk_id": "t-9", "name": "pbx", "trunk_status": "enabled", "secure": True}
    got = acquire(kind, CLIENT, {"name": "pbx", "trunk_status": "enabled", "secure": False}, sleep=no_sleep)
    assert (got.acquired, got.record["trunk_id"]) == ("adopted", "t-9")
    assert kind.updates == [{"secure": False}]
    assert kind.creates == 0


def test_two_objects_of_the_name_are_not_adopted() -> None:
    kind = FakeKind()
    kind.objects = {i: {"trunk_id": i, "name": "pbx"} for i in ("t-1", "t-2")}
    with pytest.raises(NameConflictError, match=r"2 trunks named 'pbx' exist in the account \(t-1, t-2\)"):
        acquire(kind, CLIENT, {"name": "pbx"}, sleep=no_sleep)


def test_an_outbound_trunk_of_the_name_is_not_adopted() -> None:
    kind = FakeKind()
    kind.objects["t-1"] = {"trunk_id": "t-1", "name": "pbx", "trunk_direction": "outbound"}
    with pytest.raises(NameConflictError, match="numbers link only to inbound trunks"):
        acquire(kind, CLIENT, {"name": "pbx"}, sleep=no_sleep)
