"""Buying by criteria on the plain CLI: pinned numbers, race-free siblings, price guard, pools."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

import pytest

from tests.harness.ledger import VOICE_APP, purchases, releases
from tests.harness.scratch import Program

pytestmark = pytest.mark.e2e

SF_LOCAL = {
    "country_iso": "US",
    "number_type": "local",
    "pattern": "415",
    "services": ["voice", "sms"],
    "max_monthly_rate": "1.00",
    "app_id": VOICE_APP,
}


def test_buys_a_match_and_pins_it(emu, make_stack) -> None:
    program = Program(line=dict(SF_LOCAL))
    stack = make_stack(program)
    stack.up()
    bought = stack.state_of("line")
    assert bought["number"].startswith("1415")
    assert bought["acquired"] == "purchased"
    assert float(bought["monthly_rental_rate"]) <= 1.00
    assert bought["setup_rate"] is not None
    assert set(emu.owned()) == {bought["number"]}
    assert stack.changes() == {}

    program.specs["line"]["pattern"] = "212"  # edit the criteria: the number is kept
    preview = stack.preview()
    assert stack.changes() == {"update": 1}
    assert "pattern" in preview.text
    stack.up()
    assert stack.state_of("line")["number"] == bought["number"]
    assert set(emu.owned()) == {bought["number"]}
    assert sum(purchases(emu).values()) == 1
    assert releases(emu) == 0
    assert stack.changes() == {}

    program.specs["line"] = {"number": "+" + bought["number"], "app_id": VOICE_APP}  # now declare it
    assert stack.changes() == {"update": 1}  # bookkeeping only: no replace
    stack.up()
    assert sum(purchases(emu).values()) == 1
    assert releases(emu) == 0
    assert stack.changes() == {}


def test_number_and_criteria_together_fail_at_preview(emu, make_stack) -> None:
    stack = make_stack(Program(line={"number": "+14155550100", "country_iso": "US"}))
    preview = stack.preview(check=False)
    assert preview.returncode != 0
    assert "not both" in preview.text
    assert emu.owned() == {}


def test_ten_identical_resources_get_ten_distinct_numbers(emu, make_stack) -> None:
    stack = make_stack(Program(**{f"line{i}": dict(SF_LOCAL) for i in range(10)}))
    stack.up()
    numbers = [output["number"] for output in stack.outputs().values()]
    assert len(numbers) == 10
    assert len(set(numbers)) == 10
    assert set(emu.owned()) == set(numbers)
    bought = purchases(emu)
    assert sum(bought.values()) == 10
    assert max(bought.values()) == 1
    assert stack.changes() == {}


def test_too_expensive_gives_a_clear_error_and_buys_nothing(emu, make_stack) -> None:
    stack = make_stack(Program(line={"country_iso": "US", "pattern": "415", "max_monthly_rate": "0.10"}))
    up = stack.up(check=False)
    assert up.returncode != 0
    assert "no number for sale matches country_iso='US'" in up.text
    assert "price cap" in up.text
    assert "Traceback" not in up.text  # an expected failure reads as one line
    assert emu.owned() == {}


def test_rerun_after_a_crash_adopts_the_marked_number(emu, make_stack) -> None:
    stack = make_stack(Program(line={"country_iso": "US", "pattern": "212"}))
    # What an interrupted run leaves behind: bought, marker alias written, state never saved.
    assert emu.api("POST", "PhoneNumber/12125550150/").status_code == 201
    emu.api("POST", "Number/12125550150/", {"alias": f"plivo-e2e/{stack.stack}/line"})
    emu.control("DELETE", "requests")
    stack.up()
    assert stack.state_of("line")["number"] == "12125550150"
    assert stack.state_of("line")["acquired"] == "adopted"
    assert purchases(emu) == Counter()


def test_verification_country_warns_and_waits_for_activation(emu, make_stack) -> None:
    emu.faults(verify_after=1.0)
    stack = make_stack(Program(line={"country_iso": "DE", "number_type": "local", "activation_timeout": 30}))
    up = stack.up()
    assert "needs verification" in up.text
    outputs = stack.state_of("line")
    assert outputs["number"].startswith("49")
    assert outputs["status"] == "Success"
    assert outputs["active"] is True


def test_pending_without_wait_stays_pending(emu, make_stack) -> None:
    stack = make_stack(Program(line={"country_iso": "FR", "number_type": "local"}))
    stack.up()
    assert stack.state_of("line")["status"] == "pending"


def test_pool_grows_and_shrinks_without_touching_the_rest(emu, make_stack) -> None:
    pool = {"count": 2, "country_iso": "US", "pattern": "212", "app_id": VOICE_APP, "alias_prefix": "agent"}
    program = Program(agents=pool)
    program.kinds["agents"] = "PhoneNumberPool"
    stack = make_stack(program)
    stack.up()
    first = set(stack.outputs()["agents"]["numbers"])
    assert len(first) == 2
    assert set(emu.owned()) == first
    pool["count"] = 4
    assert stack.changes() == {"create": 2}
    stack.up()
    grown = stack.outputs()["agents"]["numbers"]
    assert set(grown[:2]) == first
    assert len(set(grown)) == 4
    pool["count"] = 3
    assert stack.changes() == {"delete": 1}
    stack.up()
    assert set(emu.owned()) == set(grown[:3])
    assert stack.changes() == {}


def test_search_command_prints_a_table(emu) -> None:
    env = {**emu.env(), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "plivo_provider", "search", "--country", "US", "--pattern", "415"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    header, first = done.stdout.splitlines()[:2]
    assert header.split() == [
        "number",
        "region",
        "city",
        "type",
        "monthly",
        "setup",
        "services",
        "restriction",
    ]
    assert first.startswith("+1415")
    bad = subprocess.run(
        [sys.executable, "-m", "plivo_provider", "search", "--country", "USA"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2
    assert "country_iso" in bad.stderr


def test_search_command_reads_the_stacks_config(emu, make_stack) -> None:
    stack = make_stack(
        Program(),
        env={},
        config={"plivo:authId": emu.auth_id, "plivo:authToken": emu.auth_token, "plivo:apiUrl": emu.url},
        secret=frozenset({"plivo:authToken"}),
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("PLIVO_")}
    env.update(stack.environment())
    command = [sys.executable, "-m", "plivo_provider", "search", "--country", "GB", "--pattern", "207946"]
    command += ["--stack", stack.stack]
    folder = stack.project_dir
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=folder, check=False)
    assert done.returncode == 0, done.stderr
    assert "+44207946" in done.stdout
    assert emu.auth_token not in done.stdout + done.stderr
