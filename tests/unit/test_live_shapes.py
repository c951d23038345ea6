"""The live tier's comparison and its read-only transport (tests/live runs them against Plivo)."""

from __future__ import annotations

import pytest
import requests

from tests.live.shapes import differences, read_only_session, shape


def test_shape_keeps_keys_and_types_not_data() -> None:
    assert shape({"a": 1, "b": [{"c": "x"}], "d": None, "e": True}) == {
        "a": "number",
        "b": [{"c": "string"}],
        "d": "null",
        "e": "boolean",
    }


def test_a_key_plivo_sends_and_the_emulator_lacks_is_reported() -> None:
    found = differences(shape({"meta": {"next": None, "total_count": 3}}), shape({"meta": {"next": "x"}}))
    assert found == ["$.meta.total_count: sent by Plivo, missing from the emulator"]


def test_a_different_type_is_reported_but_null_and_extra_keys_are_not() -> None:
    assert differences(shape({"lata": 12}), shape({"lata": "12"})) == [
        "$.lata: Plivo sends number, the emulator string"
    ]
    assert differences(shape({"city": None}), shape({"city": "SF", "extra": 1})) == []


def test_the_transport_refuses_anything_but_get_before_sending() -> None:
    session = read_only_session("MAXXXXXXXXXXXXXXXXXX", "token")
    for method in ("POST", "DELETE", "PUT"):
        with pytest.raises(PermissionError, match=method):
            session.request(method, "http://127.0.0.1:9/v1/Account/MAXXXXXXXXXXXXXXXXXX/Number/1/")
    with pytest.raises(requests.ConnectionError):  # a GET does go out (nothing listens on port 9)
        session.get("http://127.0.0.1:9/", timeout=2)
