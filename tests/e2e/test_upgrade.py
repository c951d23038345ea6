"""Upgrading the provider changes nothing for existing stacks.

State names each resource's provider by a pickled class path (``plivo_provider.provider.
PhoneNumberProvider``, ``...application.ApplicationProvider``, ``...trunk.TrunkProvider``,
``...identity.StackIdentityProvider``). A stack is created here with the package as it was at
:data:`BASE` (the project folder's own copy shadows the installed one, for the program and the
provider process alike), then previewed and updated with the current code.
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from pulumi.dynamic import ResourceProvider
from pulumi.dynamic.dynamic import serialize_provider

from plivo_emulator import WELL_KNOWN_APPS
from plivo_provider import ApplicationProvider, PhoneNumberProvider, TrunkProvider
from plivo_provider.lifecycle.identity import StackIdentityProvider
from tests.harness.scratch import Program

pytestmark = pytest.mark.e2e
REPO = Path(__file__).resolve().parents[2]
BASE = "dc1fc5c"
"""main before the one lifecycle (issue 20): the last layout whose state users may hold."""


def old_package(into: Path) -> None:
    """``plivo_provider`` as it was at :data:`BASE`, unpacked into ``into``."""
    if not (REPO / ".git").exists():
        pytest.skip("the upgrade test reads the previous code from git history: not a git checkout")
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", BASE, "plivo_provider"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def pickled(provider: ResourceProvider) -> str:
    """The ``__provider`` value the SDK stores for ``provider`` (dill, base64)."""
    return serialize_provider(provider)


def test_a_stack_made_by_the_previous_code_previews_no_change_and_calls_nothing(emu, make_stack) -> None:
    program = Program(
        ivr={"app_name": "ivr", "answer_url": "https://ivr.example.com/answer"},
        pbx={"name": "office-pbx"},
        line={"number": "+14155550100", "app_id": {"$ref": "ivr.app_id"}, "alias": "support"},
        desk={"number": "+14155550101", "object_type": "trunk", "object_id": {"$ref": "pbx.trunk_id"}},
        crit={"country_iso": "US", "pattern": "212", "app_id": WELL_KNOWN_APPS["voice"]},
    )
    program.kinds = {"ivr": "Application", "pbx": "Trunk"}
    stack = make_stack(program)
    old_package(stack.project_dir)
    stack.up()
    stored = {
        resource["type"].rsplit(":", 1)[-1]: resource["inputs"]["__provider"]
        for resource in stack.export()["resources"]
        if "__provider" in resource.get("inputs", {})
    }
    shutil.rmtree(stack.project_dir / "plivo_provider")  # from here on, the installed (current) code

    # The pickled providers are byte for byte what the current code writes: a downgrade reads them too.
    current = {
        "PhoneNumber": PhoneNumberProvider(),
        "Application": ApplicationProvider(),
        "Trunk": TrunkProvider(),
        "StackIdentity": StackIdentityProvider(),
    }
    for kind, blob in stored.items():
        assert pickled(current[kind]) == blob, kind
        assert base64.b64decode(blob)  # a by-reference class name, not code
    emu.control("DELETE", "requests")
    assert stack.changes() == {}
    stack.up()
    assert emu.requests_log() == []  # neither the preview nor the update asked Plivo anything
    assert stack.changes() == {}
