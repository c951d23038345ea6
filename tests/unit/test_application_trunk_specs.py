"""Application and Trunk without a network: field tables, validation, planning, create-or-adopt rules."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from pulumi.output import Unknown

from plivo_provider import Application, NameConflictError, OutcomeUnknownError, ServerError, Trunk
from plivo_provider.api.errors import NotFoundError, TransportError
from plivo_provider.inputs import preview
from plivo_provider.lifecycle import registry
from plivo_provider.lifecycle.by_name import acquire, create_once
from plivo_provider.lifecycle.fields import Change
from plivo_provider.lifecycle.planning import create_body, plan_diff, read_inputs, update_body
from plivo_provider.resources.application import APPLICATION, ApplicationKind, ApplicationProvider
from plivo_provider.resources.trunk import TRUNK, TrunkKind
from tests.unit.annotations import typed

pytestmark = pytest.mark.unit

ANSWER = "https://ivr.example.com/answer"


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


# -- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("news", "field", "fix"),
    [
        ({"answer_url": "/answer"}, "answer_url", "'https://<your host>/answer'"),
        ({"answer_url": "ivr.example.com/a"}, "answer_url", "'https://ivr.example.com/a'"),
        ({"message_url": "ftp://ivr.example.com/a"}, "message_url", "'https://ivr.example.com/a'"),
        ({"hangup_url": "https://a b.example.com/"}, "hangup_url", "absolute http(s) URL"),
        ({"fallback_answer_url": "https://x.example.com/" + "a" * 250}, "fallback_answer_url", "at most 255"),
        ({"answer_method": "PUT"}, "answer_method", "'GET' or 'POST'"),
        ({"public_uri": "yes"}, "public_uri", "True or False"),
        ({"subaccount": "SA1"}, "subaccount", "SAXXXXXXXXXXXXXXXXXX"),
        ({"new_endpoint_application": "ivr"}, "new_endpoint_application", "digits only"),
        ({"app_name": "a" * 129}, "app_name", "at most 128"),
        ({"app_name": "ivr\nline"}, "app_name", "control characters"),
        ({"app_name": ""}, "app_name", "app_name is required"),
        ({"app_name": None}, "app_name", "app_name is required"),
        ({"colour": "red"}, "colour", "known inputs: app_name, answer_url"),
    ],
)
def test_bad_application_inputs_name_the_field_and_the_fix(
    news: dict[str, Any], field: str, fix: str
) -> None:
    _, failures = APPLICATION.check({"app_name": "ivr", **news})
    # A value the engine must not echo (a newline) is reported for the resource, naming the field first.
    assert [f or reason.split(":", 1)[0] for f, reason in failures] == [field]
    assert fix in failures[0][1]


def test_application_inputs_are_normalised() -> None:
    inputs, failures = APPLICATION.check(
        {
            "app_name": "  ivr ",
            "answer_url": f" {ANSWER} ",
            "answer_method": "get",
            "log_incoming_messages": "false",
            "subaccount": "sa0123456789abcdefgh",
            "new_endpoint_application": 10000000000000002,
        }
    )
    assert failures == []
    assert inputs == {
        "app_name": "ivr",
        "answer_url": ANSWER,
        "answer_method": "GET",
        "log_incoming_messages": False,
        "subaccount": "SA0123456789ABCDEFGH",
        "new_endpoint_application": "10000000000000002",
    }


def test_values_unknown_at_preview_pass() -> None:
    inputs, failures = APPLICATION.check({"app_name": Unknown(), "answer_url": Unknown()})
    assert failures == []
    assert set(inputs) == {"app_name", "answer_url"}


def test_deleting_and_moving_endpoints_at_once_is_refused() -> None:
    news = {"app_name": "ivr", "delete_endpoints": True, "new_endpoint_application": "10000000000000002"}
    _, failures = APPLICATION.check(news)
    assert [f for f, _ in failures] == ["new_endpoint_application"]
    _, failures = APPLICATION.check({**news, "delete_endpoints": False})
    assert failures == []


def test_bad_trunk_inputs_name_the_field() -> None:
    assert [f for f, _ in TRUNK.check({"name": "pbx", "trunk_status": "paused"})[1]] == ["trunk_status"]
    assert [f for f, _ in TRUNK.check({"secure": True})[1]] == ["name"]


# -- planning -----------------------------------------------------------------------------------


def state(**settings: Any) -> dict[str, Any]:
    """Outputs of a created app whose declaration was ``settings`` and whose record matches it."""
    declared = {"app_name": "ivr", **settings}
    record = {"app_id": "123456789", "answer_method": "POST", **declared}
    return ApplicationKind().outputs(record, declared, "created", {})


def test_a_new_answer_url_is_an_in_place_change() -> None:
    olds = state(answer_url=ANSWER)
    news = {"app_name": "ivr", "answer_url": "https://ivr.example.com/v2"}
    plan = plan_diff(APPLICATION, olds, news)
    assert (plan.replaces, plan.changes) == ((), ("answer_url",))
    assert update_body(APPLICATION, olds, news) == {"answer_url": "https://ivr.example.com/v2"}


def test_a_new_app_name_replaces() -> None:
    assert plan_diff(APPLICATION, state(), {"app_name": "ivr-2"}).replaces == ("app_name",)
    assert plan_diff(APPLICATION, state(), {"app_name": Unknown()}).replaces == ("app_name",)


def test_a_console_rename_is_not_a_replacement() -> None:
    olds = {**state(), "app_name": "renamed in console"}
    assert not plan_diff(APPLICATION, olds, {"app_name": "ivr"}).any


def test_a_dropped_url_is_cleared_and_a_dropped_flag_is_left_alone() -> None:
    olds = state(answer_url=ANSWER, public_uri=True)
    news = {"app_name": "ivr"}
    assert plan_diff(APPLICATION, olds, news).changes == ("answer_url",)
    assert update_body(APPLICATION, olds, news) == {"answer_url": ""}


def test_a_url_never_declared_is_not_managed() -> None:
    olds = {**state(), "hangup_url": "https://set.in.console.example.com/"}
    assert not plan_diff(APPLICATION, olds, {"app_name": "ivr"}).any


def test_delete_options_change_state_but_send_nothing() -> None:
    olds = state()
    news = {"app_name": "ivr", "delete_endpoints": True}
    assert plan_diff(APPLICATION, olds, news).changes == ("delete_endpoints",)
    assert update_body(APPLICATION, olds, news) == {}


def test_an_unknown_setting_may_change() -> None:
    assert plan_diff(APPLICATION, state(answer_url=ANSWER), {"app_name": "ivr", "answer_url": Unknown()}).any


def test_nothing_changed_is_no_change() -> None:
    olds = state(answer_url=ANSWER, answer_method="POST", default_number_app=False)
    assert not plan_diff(APPLICATION, olds, dict(olds["declared"])).any


def test_create_body_uses_plivo_names_and_leaves_out_delete_options() -> None:
    inputs = {
        "app_name": "ivr",
        "public_uri": False,
        "delete_endpoints": True,
        "subaccount": "SA0123456789ABCDEFGH",
    }
    assert create_body(APPLICATION, inputs) == {
        "app_name": "ivr",
        "public_uri": False,
        "subaccount": "SA0123456789ABCDEFGH",
    }


def test_refreshed_inputs_hold_actual_settings_but_the_declared_name() -> None:
    declared = {"app_name": "ivr", "answer_url": ANSWER, "delete_endpoints": True}
    outs = {**state(**declared), "app_name": "renamed", "answer_url": "https://console.example.com/"}
    assert read_inputs(APPLICATION, declared, outs) == {
        "app_name": "ivr",
        "answer_url": "https://console.example.com/",
        "delete_endpoints": True,
    }


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


# -- what the kinds send -------------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> str:
            self.calls.append((name, args, kwargs))
            return "t-1"

        return record


@pytest.mark.parametrize(
    ("declared", "sent"),
    [
        ({}, {"cascade": False}),
        ({"delete_endpoints": True}, {"cascade": True}),
        (
            {"new_endpoint_application": "10000000000000002"},
            {"cascade": False, "new_endpoint_application": "10000000000000002"},
        ),
    ],
)
def test_deleting_an_app_keeps_its_endpoints_unless_told(
    declared: dict[str, Any], sent: dict[str, Any]
) -> None:
    client = Recorder()
    ApplicationKind().delete_object(client, "123", {"declared": declared})  # type: ignore[arg-type]
    assert client.calls == [("delete_application", ("123",), sent)]


class AppAccount(Recorder):
    """Answers ``get_application`` with an app whose default flag is ``default``."""

    def __init__(self, default: bool) -> None:
        super().__init__()
        self.default = default

    def get_application(self, app_id: str) -> dict[str, Any]:
        return {"app_id": app_id, "default_app": self.default}


@pytest.mark.parametrize(("still_default", "said"), [(True, True), (False, False)])
def test_deleting_the_default_number_app_says_so_unless_the_flag_moved(capsys, still_default, said) -> None:
    # State says "default"; a replacement declared as default may have taken the flag since.
    client = AppAccount(default=still_default)
    ApplicationKind().delete_object(client, "123", {"declared": {}, "default_number_app": True})  # type: ignore[arg-type]
    assert ("default number app" in capsys.readouterr().err) is said
    assert [name for name, _, _ in client.calls] == ["delete_application"]


def test_trunks_are_always_created_inbound() -> None:
    client = Recorder()
    TrunkKind().create_object(client, {"name": "pbx"})  # type: ignore[arg-type]
    assert client.calls == [("create_trunk", (), {"name": "pbx", "trunk_direction": "inbound"})]


def test_plivo_s_record_becomes_outputs() -> None:
    record = {
        "app_id": "123",
        "app_name": "ivr",
        "answer_url": ANSWER,
        "hangup_url": "",
        "default_app": True,
        "sub_account": "/v1/Account/MA0123456789ABCDEFGH/Subaccount/SA0123456789ABCDEFGH/",
        "enabled": True,
    }
    outs = ApplicationKind().record_outputs(record)
    assert (outs["answer_url"], outs["hangup_url"]) == (ANSWER, None)
    assert (outs["default_number_app"], outs["enabled"], outs["public_uri"]) == (True, True, False)
    assert outs["subaccount"] == "SA0123456789ABCDEFGH"


# -- issue 19: hostile names, and a literal new_endpoint_application checked at preview ----------


@pytest.mark.parametrize("char", ["\u202e", "\u2028", "\u2029", "\x85", "\x00", "\u200b"])
@pytest.mark.parametrize(("spec", "key"), [(APPLICATION, "app_name"), (TRUNK, "name")])
def test_finding12_names_refuse_invisible_and_reordering_characters(spec, key: str, char: str) -> None:
    _, failures = spec.check({key: f"ivr{char}line"})
    assert len(failures) == 1, failures
    field, reason = failures[0]
    assert (field, reason.split(":", 1)[0]) == ("", key)  # not echoed by the engine
    assert f"U+{ord(char):04X}" in reason
    assert reason.isprintable()


def test_names_may_use_any_script() -> None:
    name = "caf\u00e9 \u0645\u062a\u062c\u0631"  # café, and Arabic
    assert TRUNK.check({"name": name}) == ({"name": name}, [])


@pytest.mark.parametrize(
    ("news", "field"),
    [
        ({"answer_method": "po\u017ft"}, "answer_method"),  # LONG S, which upper() makes "S"
        ({"public_uri": "true\x85"}, "public_uri"),  # str.strip() drops NEL
        ({"new_endpoint_application": "\u0662" * 17}, "new_endpoint_application"),  # Arabic-Indic digits
        ({"subaccount": "sa" + "0" * 16 + "\u00df"}, "subaccount"),  # "ß".upper() == "SS"
        ({"answer_url": "https://ivr.example.com/\u202eanswer"}, "answer_url"),
    ],
)
def test_finding6_and_12_application_codes_are_ascii_and_text_is_visible(
    news: dict[str, Any], field: str
) -> None:
    _, failures = APPLICATION.check({"app_name": "ivr", **news})
    assert [f or reason.split(":", 1)[0] for f, reason in failures] == [field]


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
