"""A Powerpack and its numbers on plain pulumi: preview writes nothing, up buys then adds, a console
change shows after refresh, and dropping the Powerpack and the pool input releases nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.harness.scratch import Program

pytestmark = pytest.mark.e2e

NUMBERS = ("14155550100", "14155550101", "14155550102")
WRITES = ("POST", "DELETE")


def _seq(log: list[dict[str, Any]], method: str, path_end: str) -> list[int]:
    return [r["seq"] for r in log if r["method"] == method and r["path"].endswith(path_end)]


def test_powerpack_with_three_numbers_and_its_removal_releases_nothing(emu: Any, make_stack: Any) -> None:
    pool = {"$ref": "pp.number_pool_id"}
    program = Program(
        pp={"name": "dev sms"},
        **{f"n{i}": {"number": f"+{n}", "powerpack": pool} for i, n in enumerate(NUMBERS)},
    )
    program.kinds = {"pp": "Powerpack"}
    stack = make_stack(program)

    emu.clear_requests()
    stack.preview()
    assert [r for r in emu.requests_log() if r["method"] in WRITES] == []

    stack.up()
    log = emu.requests_log()
    pool_id, pp_id = stack.outputs()["pp"]["number_pool_id"], stack.outputs()["pp"]["powerpack_id"]
    for n in NUMBERS:
        (bought,) = _seq(log, "POST", f"/PhoneNumber/{n}/")
        (added,) = _seq(log, "POST", f"/NumberPool/{pool_id}/Number/{n}/")
        assert bought < added  # bought, then added
    assert sorted(
        m["number"] for m in emu.api("GET", f"NumberPool/{pool_id}/Number/").json()["objects"]
    ) == list(NUMBERS)

    emu.api("DELETE", f"NumberPool/{pool_id}/Number/{NUMBERS[0]}/")  # a console change
    stack.refresh()
    (powerpack,) = stack.resources(":Powerpack")
    assert powerpack["outputs"]["member_count"] == 2

    del program.specs["pp"]
    for i in range(len(NUMBERS)):
        del program.specs[f"n{i}"]["powerpack"]
    emu.clear_requests()
    stack.up()
    log = emu.requests_log()
    assert [
        r["path"]
        for r in log
        if r["method"] == "DELETE" and "/NumberPool/" not in r["path"] and "/Powerpack/" not in r["path"]
    ] == []
    assert len(_seq(log, "DELETE", f"/Powerpack/{pp_id}/")) == 1
    assert len([r for r in log if r["method"] == "DELETE" and "/NumberPool/" in r["path"]]) == len(NUMBERS)
    assert [r for r in log if r["method"] == "POST" and "/PhoneNumber/" in r["path"]] == []
    for n in NUMBERS:
        assert emu.api("GET", f"Number/{n}/").status_code == 200  # every number still rented
    assert emu.api("GET", "Powerpack/").json()["objects"] == []
