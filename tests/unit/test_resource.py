"""PhoneNumber in a program, and the example program: what reaches the provider (pulumi mocks)."""

from __future__ import annotations

import json
import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi.runtime import config as runtime_config

from plivo_emulator import WELL_KNOWN_APPS
from plivo_provider import PhoneNumber

pytestmark = pytest.mark.unit

EXAMPLE = Path(__file__).resolve().parents[2] / "__main__.py"
SMS_APP = WELL_KNOWN_APPS["sms"]  # 17 digits: more than a double holds exactly


class Capture(pulumi.runtime.Mocks):
    """Records the inputs of every resource registered; creates nothing."""

    def __init__(self) -> None:
        self.inputs: dict[str, dict[str, Any]] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.inputs[args.name] = dict(args.inputs)
        return args.name, dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


def test_integers_of_digit_fields_reach_the_provider_as_exact_text() -> None:
    mocks = Capture()
    pulumi.runtime.set_mocks(mocks, preview=False)

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def declare() -> pulumi.Output[Any]:
        by_number = PhoneNumber("by-number", number=14155550177, app_id=int(SMS_APP))
        by_criteria = PhoneNumber("by-criteria", country_iso="US", pattern=pulumi.Output.from_input(212))
        return pulumi.Output.all(by_number.number, by_criteria.urn)

    declare()
    assert mocks.inputs["by-number"]["app_id"] == SMS_APP  # a double would be ...004e16
    assert mocks.inputs["by-number"]["number"] == "14155550177"
    assert mocks.inputs["by-criteria"]["pattern"] == "212"


@pytest.fixture
def stack_config() -> Iterator[dict[str, str]]:
    """The example stack's config as the program reads it; the previous config is restored."""
    token = runtime_config.CONFIG.set({})
    yield runtime_config.CONFIG.get()
    runtime_config.CONFIG.reset(token)


def run_example(entries: list[dict[str, Any]], config: dict[str, str]) -> Capture:
    """Run the root ``__main__.py`` on ``numbers: entries`` (as `pulumi config set --path` stores them)."""
    mocks = Capture()
    pulumi.runtime.set_mocks(mocks, project="plivo-numbers", stack="dev", preview=False)
    config["plivo-numbers:numbers"] = json.dumps(entries)

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def program() -> None:
        runpy.run_path(str(EXAMPLE), run_name="__main__")

    program()
    return mocks


def test_example_accepts_integers_typed_through_config_set_path(stack_config: dict[str, str]) -> None:
    # `pulumi config set --path 'plivo-numbers:numbers[0].number' +14155550177` and friends.
    entry = {"name": "typed", "number": 14155550177, "appId": int(SMS_APP), "alias": "x"}
    mocks = run_example([entry], stack_config)
    assert mocks.inputs["typed"]["number"] == "14155550177"
    assert mocks.inputs["typed"]["app_id"] == SMS_APP


def test_example_refuses_a_float_app_id_naming_the_command(stack_config: dict[str, str]) -> None:
    entry = {"name": "typed", "number": "+14155550177", "appId": 1.0000000000000004e16}
    with pytest.raises(ValueError, match=r"--type string --path 'plivo-numbers:numbers\[0\]\.appId'"):
        run_example([entry], stack_config)


def test_example_names_the_entry_at_fault(stack_config: dict[str, str]) -> None:
    with pytest.raises(ValueError, match=r"config numbers\[1\] \(b\): unknown key\(s\) colour"):
        run_example([{"name": "a", "number": "+14155550100"}, {"name": "b", "colour": "red"}], stack_config)
