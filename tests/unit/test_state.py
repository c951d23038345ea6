"""Outputs from a Plivo Number record."""

from __future__ import annotations

import pytest

from plivo_provider.resources.phone_number import app_id_from_uri, country_iso_for, outputs_from_record

pytestmark = pytest.mark.unit


def test_app_id_from_application_uri() -> None:
    assert app_id_from_uri("/v1/Account/MAXX/Application/29986316244302815/") == "29986316244302815"
    assert app_id_from_uri(None) is None


@pytest.mark.parametrize(
    ("number", "country", "iso"),
    [
        ("14155550100", "UNITED STATES", "US"),
        ("16045550100", None, "CA"),
        ("14155550100", None, "US"),
        ("442079460000", None, "GB"),
        ("4969365065273", "Germany", "DE"),
        ("999", None, None),
    ],
)
def test_country_iso(number: str, country: str | None, iso: str | None) -> None:
    assert country_iso_for(number, country) == iso


def test_pending_number_outputs() -> None:
    outs = outputs_from_record(
        {
            "number": "4969365065273",
            "active": False,
            "application": None,
            "country": "GERMANY",
            "compliance_status": "pending",
        },
        {"number": "4969365065273", "__provider": "blob"},
        "purchased",
    )
    assert outs["status"] == "pending"
    assert outs["country_iso"] == "DE"
    assert outs["declared"] == {"number": "4969365065273"}
