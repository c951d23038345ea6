"""plivo_provider.identity: a namespace of claims per stack instance, kept in the stack's own state.

Pulumi gives a program on a DIY backend no stack ID: two stacks named ``dev`` on two
backends, or a ``dev`` removed with ``stack rm --force`` and created again, look alike to
``pulumi.get_stack()``. So the first resource of this package that a program declares also
registers one :class:`StackIdentity` (``plivo-stack-identity``), whose ``create`` draws a
random namespace, with no call to Plivo. It lives in the state like any resource: ``stack
rename`` and every backend migration (``stack export``/``import``) keep it, and a new stack
instance gets a new one. Each number's claim tag (:mod:`.claims`) carries it.

Limit: deleting this resource from the state (``pulumi state delete``) gives the stack a new
namespace, and numbers created afterwards are claimed under it; resources already in the
state keep the claim they were created with.
"""

# No `from __future__ import annotations`: the SDK evaluates a resource class's annotations.

import secrets
from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, Resource, ResourceProvider
from pulumi.runtime.settings import get_monitor

from .claims import NAMESPACE_DIGITS

RESOURCE_NAME = "plivo-stack-identity"


class StackIdentityProvider(ResourceProvider):
    """Draws the namespace once; never calls Plivo; nothing to delete."""

    serialize_as_secret_always = False

    def __reduce__(self) -> tuple[type["StackIdentityProvider"], tuple[()]]:
        return (type(self), ())

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult({key: value for key, value in news.items() if key != "namespace"}, [])

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        namespace = secrets.token_hex(NAMESPACE_DIGITS // 2)
        return CreateResult(namespace, {"namespace": namespace})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, {"namespace": props.get("namespace") or id_})


# State names this class by its first module (pickled by reference).
StackIdentityProvider.__module__ = "plivo_provider.identity"


class StackIdentity(Resource, module="plivo", name="StackIdentity"):
    """The stack instance's claim namespace (``namespace``); registered by :func:`stack_namespace`."""

    namespace: pulumi.Output[str]

    def __init__(self, resource_name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(StackIdentityProvider(), resource_name, {"namespace": None}, opts)


_registered: dict[tuple[str, str, int], StackIdentity] = {}


def stack_namespace() -> pulumi.Output[str]:
    """This stack instance's namespace, registering its :class:`StackIdentity` on first use.

    One per program run: the key includes the engine connection, so a test process that runs
    several programs (with mocks) registers one per run.
    """
    key = (pulumi.get_project(), pulumi.get_stack(), id(get_monitor()))
    if key not in _registered:
        _registered[key] = StackIdentity(RESOURCE_NAME)
    return _registered[key].namespace
