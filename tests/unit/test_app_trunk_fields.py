"""Application and Trunk without a network: classes, outputs and change rules follow the field tables."""

from __future__ import annotations

import inspect

import pytest

from plivo_provider import Application, Trunk
from plivo_provider.lifecycle.fields import Change
from plivo_provider.resources.application import APPLICATION, ApplicationKind
from plivo_provider.resources.trunk import TRUNK, TrunkKind
from tests.unit.annotations import typed

pytestmark = pytest.mark.unit


# -- every surface agrees with the field tables -------------------------------------------------


@pytest.mark.parametrize(
    ("resource", "spec", "id_key"), [(Application, APPLICATION, "app_id"), (Trunk, TRUNK, "trunk_id")]
)
def test_every_output_is_a_typed_attribute_and_the_id_is_the_resource_id(resource, spec, id_key) -> None:
    annotations = resource.__annotations__
    assert set(annotations) | {id_key} == set(spec.outputs)
    for name in annotations:
        assert annotations[name] == typed(f"pulumi.Output[{spec[name].type}]"), name
    prop = getattr(resource, id_key)
    assert isinstance(prop, property)
    assert inspect.signature(prop.fget).return_annotation == typed("pulumi.Output[str]")


@pytest.mark.parametrize(("resource", "spec"), [(Application, APPLICATION), (Trunk, TRUNK)])
def test_constructor_arguments_are_the_table_s_arguments(resource, spec) -> None:
    params = inspect.signature(resource.__init__).parameters
    assert tuple(list(params)[2:-1]) == spec.arguments
    name, *optional = spec.arguments
    assert params[name].default is inspect.Parameter.empty  # the name is required
    for arg in optional:
        assert params[arg].annotation == typed(
            f"pulumi.Input[{spec[arg].type.removesuffix(' | None')}] | None"
        ), arg
        assert params[arg].default is None
    doc = inspect.getdoc(resource.__init__) or ""
    for arg in spec.arguments:
        assert f":param {arg}: {spec[arg].doc}" in doc


def test_type_tokens_name_the_resources() -> None:
    assert Application._resource_type_name == "dynamic/plivo:Application"
    assert Trunk._resource_type_name == "dynamic/plivo:Trunk"


def test_outputs_built_from_a_record_are_exactly_the_table_s_outputs() -> None:
    app = ApplicationKind().outputs({"app_id": "123456789"}, {"app_name": "x"}, "created", {})
    assert set(app) == set(APPLICATION.outputs)
    assert app["sip_uri"] == "sip:123456789@app.plivo.com"
    trunk = TrunkKind().outputs({"trunk_id": "t-1"}, {"name": "x"}, "created", {})
    assert set(trunk) == set(TRUNK.outputs)


def test_app_name_replaces_and_every_other_setting_updates_in_place() -> None:
    assert APPLICATION.names(Change.REPLACES) == ("app_name",)
    assert "subaccount" in APPLICATION.names(Change.IN_PLACE)  # the SDK's update takes it
    assert APPLICATION.names(Change.PINNED) == (
        "delete_endpoints",
        "new_endpoint_application",
        "resource_path",
    )
    assert TRUNK.names(Change.REPLACES) == ()
