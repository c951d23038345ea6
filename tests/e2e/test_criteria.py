"""Buying by criteria on the real CLI: pinned numbers, race-free siblings, price guard, pools."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

import pulumi
import pytest
from helpers import VOICE_APP, Numbers, assert_quiet, changes, resource_outputs
from pulumi.automation import errors as auto_errors

from plivo_provider import PhoneNumberPool

pytestmark = pytest.mark.e2e

SF_LOCAL = {
    "country_iso": "US",
    "number_type": "local",
    "pattern": "415",
    "services": ["voice", "sms"],
    "max_monthly_rate": "1.00",
    "app_id": VOICE_APP,
}


def successful_purchases(emu) -> Counter[str]:
    return Counter(
        r["path"].rstrip("/").rsplit("/", 1)[-1]
        for r in emu.requests_log()
        if r["method"] == "POST" and "/PhoneNumber/" in r["path"] and r["status"] == 201
    )


def test_buys_a_match_and_pins_it(emu, make_stack, cli_output) -> None:
    program = Numbers(line=dict(SF_LOCAL))
    stack = make_stack(program)
    stack.up()
    bought = resource_outputs(stack, "line")
    assert bought["number"].startswith("1415") and bought["acquired"] == "purchased"
    assert float(bought["monthly_rental_rate"]) <= 1.00 and bought["setup_rate"] is not None
    assert set(emu.owned()) == {bought["number"]}
    assert_quiet(stack)

    program.specs["line"]["pattern"] = "212"  # edit the criteria: the number is kept
    preview = stack.preview(diff=True, on_output=cli_output)
    assert dict(preview.change_summary) == {"update": 1, "same": 1}
    assert "pattern" in cli_output.text
    stack.up()
    assert resource_outputs(stack, "line")["number"] == bought["number"]
    assert set(emu.owned()) == {bought["number"]}
    assert sum(successful_purchases(emu).values()) == 1
    assert emu.calls("DELETE", "/Number/") == 0
    assert_quiet(stack)

    program.specs["line"] = {"number": "+" + bought["number"], "app_id": VOICE_APP}  # now declare it
    assert changes(stack) == {"update": 1}  # bookkeeping only: no replace
    stack.up()
    assert sum(successful_purchases(emu).values()) == 1 and emu.calls("DELETE", "/Number/") == 0
    assert_quiet(stack)


def test_number_and_criteria_together_fail_at_preview(emu, make_stack) -> None:
    stack = make_stack(Numbers(line={"number": "+14155550100", "country_iso": "US"}))
    with pytest.raises(auto_errors.CommandError, match="not both"):
        stack.preview()
    assert emu.owned() == {}


def test_ten_identical_resources_get_ten_distinct_numbers(emu, make_stack) -> None:
    program = Numbers(**{f"line{i}": dict(SF_LOCAL) for i in range(10)})
    stack = make_stack(program)
    stack.up()
    numbers = [resource_outputs(stack, f"line{i}")["number"] for i in range(10)]
    assert len(set(numbers)) == 10
    assert set(emu.owned()) == set(numbers)
    purchases = successful_purchases(emu)
    assert sum(purchases.values()) == 10 and max(purchases.values()) == 1
    assert_quiet(stack)


def test_too_expensive_gives_a_clear_error_and_buys_nothing(emu, make_stack, cli_output) -> None:
    stack = make_stack(Numbers(line={"country_iso": "US", "pattern": "415", "max_monthly_rate": "0.10"}))
    with pytest.raises(auto_errors.CommandError):
        stack.up(on_output=cli_output)
    assert "no number for sale matches country_iso='US'" in cli_output.text
    assert "price cap" in cli_output.text
    assert "Traceback" not in cli_output.text  # an expected failure reads as one line
    assert emu.owned() == {}


def test_rerun_after_a_crash_adopts_the_marked_number(emu, make_stack) -> None:
    program = Numbers(line={"country_iso": "US", "pattern": "212"})
    stack = make_stack(program)
    # What an interrupted run leaves behind: bought, marker alias written, state never saved.
    assert emu.api("POST", "PhoneNumber/12125550150/").status_code == 201
    emu.api("POST", "Number/12125550150/", {"alias": f"plivo-e2e/{stack.stack}/line"})
    emu.control("DELETE", "requests")
    stack.up()
    assert resource_outputs(stack, "line")["number"] == "12125550150"
    assert resource_outputs(stack, "line")["acquired"] == "adopted"
    assert successful_purchases(emu) == Counter()


def test_verification_country_warns_and_waits_for_activation(emu, make_stack, cli_output) -> None:
    emu.faults(verify_after=1.0)
    stack = make_stack(Numbers(line={"country_iso": "DE", "number_type": "local", "activation_timeout": 30}))
    stack.up(on_output=cli_output)
    assert "needs verification" in cli_output.text
    outputs = resource_outputs(stack, "line")
    assert outputs["number"].startswith("49")
    assert outputs["status"] == "Success" and outputs["active"] is True


def test_pending_without_wait_stays_pending(emu, make_stack) -> None:
    stack = make_stack(Numbers(line={"country_iso": "FR", "number_type": "local"}))
    stack.up()
    assert resource_outputs(stack, "line")["status"] == "pending"


class Pool:
    def __init__(self, count: int) -> None:
        self.count = count

    def __call__(self) -> None:
        pool = PhoneNumberPool(
            "agents", self.count, "US", pattern="212", app_id=VOICE_APP, alias_prefix="agent"
        )
        pulumi.export("numbers", pool.numbers)


def test_pool_grows_and_shrinks_without_touching_the_rest(emu, make_stack) -> None:
    program = Pool(2)
    stack = make_stack(program)
    stack.up()
    first = set(stack.outputs()["numbers"])
    assert len(first) == 2 and set(emu.owned()) == first
    program.count = 4
    assert changes(stack) == {"create": 2}
    stack.up()
    grown = stack.outputs()["numbers"]
    assert set(grown[:2]) == first and len(set(grown)) == 4
    program.count = 3
    assert changes(stack) == {"delete": 1}
    stack.up()
    assert set(emu.owned()) == set(grown[:3])
    assert_quiet(stack)


def test_search_command_prints_a_table(emu) -> None:
    env = {**emu.settings_env(), "PATH": "/usr/bin:/bin"}
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
    assert bad.returncode == 2 and "country_iso" in bad.stderr


def test_search_command_reads_the_stacks_config(emu, make_stack) -> None:
    stack = make_stack(
        Numbers(),
        env={},
        config={"plivo:authId": emu.auth_id, "plivo:authToken": emu.auth_token, "plivo:apiUrl": emu.url},
        secret=frozenset({"plivo:authToken"}),
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("PLIVO_")}
    env.update(stack.environment())
    command = [
        sys.executable,
        "-m",
        "plivo_provider",
        "search",
        "--country",
        "GB",
        "--pattern",
        "207946",
        "--stack",
        stack.stack,
    ]
    folder = stack.project_dir
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=folder, check=False)
    assert done.returncode == 0, done.stderr
    assert "+44207946" in done.stdout
    assert emu.auth_token not in done.stdout + done.stderr
