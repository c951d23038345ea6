"""pytest fixtures for testing your own stacks (the ``pytest11`` entry point ``plivo_stacks``).

``pulumi_stack`` (function)
    A factory: ``pulumi_stack(project_dir)`` makes a new stack of your Pulumi project (a
    :class:`~plivo_testing.pulumi_cli.PulumiStack`) on a temporary file backend, whose provider
    reaches the reset ``plivo_emulator`` (the emulator's plugin) through ``PLIVO_*`` variables.
    Commands run the plain ``pulumi`` CLI in the project folder, as you would. The stack's
    ``Pulumi.<stack>.yaml`` is removed after the test.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from plivo_emulator.harness.client import EmulatorClient
from plivo_testing.pulumi_cli import PulumiStack

StackFactory = Callable[..., PulumiStack]


@pytest.fixture
def pulumi_stack(plivo_emulator: EmulatorClient, tmp_path: Path) -> Iterator[StackFactory]:
    """Make stacks of a Pulumi project that run against the reset session emulator.

    ``pulumi_stack(project_dir=".", *, stack=None, config=None, secret=(), env=None)`` selects
    (creates) stack ``stack`` (default: a unique ``test-…`` name) of the project in
    ``project_dir`` on a temporary file backend, sets ``config`` (keys named in ``secret`` are
    stored encrypted) and returns the :class:`PulumiStack`. ``env`` adds to the environment of
    every command; the ``PLIVO_*`` variables point at the emulator, and the stack's own
    ``plivo:*`` config, if you set any, wins over them.
    """
    made: list[PulumiStack] = []
    backend = tmp_path / "pulumi-state"
    backend.mkdir(exist_ok=True)

    def factory(
        project_dir: str | Path = ".",
        *,
        stack: str | None = None,
        config: Mapping[str, str] | None = None,
        secret: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
    ) -> PulumiStack:
        runner = PulumiStack(
            Path(project_dir).resolve(),
            stack or f"test-{uuid.uuid4().hex[:8]}",
            backend_url=f"file://{backend}",
            env={**plivo_emulator.env(), **(env or {})},
        )
        made.append(runner)
        runner.select()
        runner.set_all_config(config or {}, secret=secret)
        return runner

    yield factory
    for runner in made:
        (runner.project_dir / f"Pulumi.{runner.stack}.yaml").unlink(missing_ok=True)
