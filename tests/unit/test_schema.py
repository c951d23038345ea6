"""The PhoneNumber field table, and every surface that must agree with it."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from plivo_emulator import WELL_KNOWN_APPS
from plivo_provider import PhoneNumber, PhoneNumberPool
from plivo_provider.lifecycle.fields import Change, Field, ResourceSpec, camel_case
from plivo_provider.resources.phone_number import (
    CRITERIA,
    PHONE_NUMBER,
    check_inputs,
    describe_criteria,
    outputs_from_record,
)
from tests.unit.annotations import typed

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]


def test_every_output_is_a_typed_attribute_of_the_resource() -> None:
    annotations = PhoneNumber.__annotations__
    assert set(annotations) == set(PHONE_NUMBER.outputs)
    for name in PHONE_NUMBER.outputs:
        assert annotations[name] == typed(f"pulumi.Output[{PHONE_NUMBER[name].type}]"), name


def test_constructor_arguments_are_the_table_s_arguments() -> None:
    params = inspect.signature(PhoneNumber.__init__).parameters
    assert list(params)[:2] == ["self", "resource_name"]
    assert list(params)[-1] == "opts"
    assert tuple(list(params)[2:-1]) == PHONE_NUMBER.arguments
    for name in PHONE_NUMBER.arguments:
        value_type = PHONE_NUMBER[name].type.removesuffix(" | None")
        assert params[name].annotation == typed(f"pulumi.Input[{value_type}] | None"), name
        assert params[name].default is None
    keyword_only = [n for n, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY]
    assert keyword_only[0] == "object_type"


def test_constructor_has_its_own_docstring() -> None:
    doc = inspect.getdoc(PhoneNumber.__init__) or ""
    assert ":param str provider" not in doc  # Pulumi's base constructor
    for name in PHONE_NUMBER.arguments:
        assert f":param {name}: {PHONE_NUMBER[name].doc}" in doc
    assert "claim_key" not in doc  # internal: set by the resource itself


def test_outputs_built_from_a_record_are_exactly_the_table_s_outputs() -> None:
    outs = outputs_from_record({"number": "14155550100"}, {"number": "14155550100"}, "purchased")
    assert set(outs) == set(PHONE_NUMBER.outputs)


def test_pool_passes_every_criterion_through() -> None:
    params = inspect.signature(PhoneNumberPool.__init__).parameters
    assert set(CRITERIA) <= set(params)


def test_criteria_are_described_in_full() -> None:
    inputs = {key: "1.00000" for key in CRITERIA}
    described = describe_criteria(inputs)
    for key in CRITERIA:
        assert f"{key}=" in described
    assert "max_setup_rate" in described


def test_config_keys_are_camel_case_arguments() -> None:
    keys = PHONE_NUMBER.config_keys
    assert keys["appId"] == "app_id"
    assert keys["maxSetupRate"] == "max_setup_rate"
    assert keys["activationTimeout"] == "activation_timeout"
    assert set(keys.values()) == set(PHONE_NUMBER.arguments)
    assert camel_case("number") == "number"


def test_unknown_input_lists_the_arguments_not_internal_ones() -> None:
    _, failures = check_inputs({"number": "+14155550100", "colour": "red"})
    reason = dict(failures)["colour"]
    assert "maxSetupRate" not in reason
    assert "max_setup_rate" in reason
    assert "claim_key" not in reason


def test_a_spec_refuses_contradictions() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        ResourceSpec("X", (Field("a", "", "str", output=True), Field("a", "", "str", output=True)))
    with pytest.raises(ValueError, match="normaliser"):
        ResourceSpec("X", (Field("a", "", "str", input=Change.IN_PLACE),))
    with pytest.raises(ValueError, match="input, an output or both"):
        ResourceSpec("X", (Field("a", "", "str"),))


def test_outputs_type_check_in_a_user_program(tmp_path: Path) -> None:
    program = tmp_path / "program.py"
    program.write_text(
        textwrap.dedent(
            f"""
            import pulumi
            from plivo_provider import PhoneNumber

            phone = PhoneNumber("support", number="+14155550100", app_id="{WELL_KNOWN_APPS["voice"]}")
            region: pulumi.Output[str | None] = phone.region
            enabled: pulumi.Output[bool] = phone.voice_enabled
            rate: pulumi.Output[str | None] = phone.monthly_rental_rate
            reveal_type(phone.renewal_date)
            pulumi.export("summary", pulumi.Output.all(phone.number, phone.status, phone.active))
            """
        )
    )
    env = {**os.environ, "MYPYPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(program)],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'Revealed type is "pulumi.output.Output[str | None]"' in done.stdout
