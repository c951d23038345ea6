"""plivo_provider.cli: ``python -m plivo_provider search ...``, explore numbers before declaring them;
``python -m plivo_provider cost``, what a change will cost.

Credentials and endpoint come from the same place the stack's provider reads them: the
stack's ``plivo:*`` config, read with ``pulumi config``, then ``PLIVO_*`` variables. The
stack is ``--stack NAME``, or else, inside a Pulumi project (a folder with ``Pulumi.yaml``,
or below one), the project's current stack, as ``pulumi`` commands would pick it.

``cost`` reads ``pulumi preview --json`` from a file (``-`` for stdin) or runs it, with the
same stack choice; it asks Plivo nothing itself (:mod:`plivo_provider.cost`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import cost
from .api.client import PlivoClient
from .api.config import resolve_settings
from .api.errors import PlivoError
from .api.models import AvailableNumber
from .resources.phone_number import PhoneNumberKind, check_inputs
from .resources.purchase import find_candidates

COLUMNS = ("number", "region", "city", "type", "monthly", "setup", "services", "restriction")


class NoStack(Exception):
    """Raised when ``pulumi config`` cannot name a stack's config; the message is pulumi's."""


def project_dir(start: Path) -> Path | None:
    """The Pulumi project ``start`` is in (the nearest folder up holding ``Pulumi.yaml``), if any."""
    for folder in (start, *start.parents):
        if (folder / "Pulumi.yaml").is_file() or (folder / "Pulumi.yml").is_file():
            return folder
    return None


def pulumi_executable() -> str:
    """The ``pulumi`` the user would run: on ``PATH``, else where the installer puts it."""
    return shutil.which("pulumi") or os.path.expanduser("~/.pulumi/bin/pulumi")


def stack_config(stack: str | None, cwd: Path) -> dict[str, Any]:
    """The ``plivo:*`` config of ``stack`` (default: the current one), secrets decrypted.

    :raises NoStack: pulumi could not read it (no current stack, wrong passphrase, ...).
    """
    pulumi = pulumi_executable()
    command = [pulumi, "config", "--json", "--show-secrets", *(["--stack", stack] if stack else [])]
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise NoStack(f"cannot run pulumi ({exc})") from None
    if done.returncode != 0:
        raise NoStack(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "pulumi config failed")
    raw = json.loads(done.stdout)
    return {key: item.get("value") for key, item in raw.items() if key.startswith("plivo:")}


def settings_source(stack: str | None, cwd: Path) -> dict[str, Any]:
    """The stack config to resolve settings from: ``--stack``, else the project's current stack.

    Outside a project, or when the project has no current stack, ``{}``: ``PLIVO_*`` decide.
    """
    if stack:
        try:
            return stack_config(stack, cwd)
        except NoStack as exc:
            raise SystemExit(f"search: cannot read the config of stack {stack!r}: {exc}") from None
    project = project_dir(cwd)
    if project is None:
        return {}
    try:
        return stack_config(None, cwd)
    except NoStack as exc:
        print(f"search: no stack config in {project} ({exc}); using PLIVO_* variables", file=sys.stderr)
        return {}


def services_of(item: AvailableNumber) -> str:
    flags = (("voice", "voice_enabled"), ("sms", "sms_enabled"), ("mms", "mms_enabled"))
    return ",".join(name for name, key in flags if item.get(key))


def row(item: AvailableNumber) -> tuple[str, ...]:
    return (
        "+" + item.get("number", ""),
        str(item.get("region") or ""),
        str(item.get("city") or ""),
        str(item.get("sub_type") or item.get("type") or ""),
        str(item.get("monthly_rental_rate") or ""),
        str(item.get("setup_rate") or ""),
        services_of(item),
        str(item.get("restriction") or ""),
    )


def render(rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(cells[i]) for cells in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        for cells in [COLUMNS, *rows]
    ]
    return "\n".join(line.rstrip() for line in lines)


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog="python -m plivo_provider", description=__doc__.split("\n")[0])
    commands = cli.add_subparsers(dest="command", required=True)
    search = commands.add_parser("search", help="list Plivo numbers for sale matching criteria")
    search.add_argument("--country", required=True, help="ISO country code, e.g. US")
    search.add_argument("--type", dest="number_type", help="local, mobile, tollfree, fixed, national or any")
    search.add_argument("--pattern", help="digits after the country code, e.g. 415")
    search.add_argument("--region", help="region name, e.g. California")
    search.add_argument("--city", help="city name")
    search.add_argument("--services", help="comma list from voice,sms,mms")
    search.add_argument("--max-monthly-rate", help="hide numbers above this monthly rent (USD)")
    search.add_argument(
        "--stack",
        help="read plivo:* settings from this stack's config (default: the current stack of the "
        "Pulumi project here; outside a project, PLIVO_* variables)",
    )
    priced = commands.add_parser(
        "cost", help="what the stack's next `pulumi up` costs: numbers bought, adopted, released"
    )
    priced.add_argument(
        "--preview",
        metavar="FILE",
        help="read this `pulumi preview --json` output (- for stdin); default: run it here",
    )
    priced.add_argument("--stack", help="the stack to preview (default: the project's current stack)")
    priced.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "cost":
        return cost_command(args.preview, args.stack, args.format)
    return search_command(args)


def search_command(args: argparse.Namespace) -> int:
    criteria = {
        "country_iso": args.country, "number_type": args.number_type, "pattern": args.pattern,
        "region": args.region, "city": args.city, "services": args.services,
        "max_monthly_rate": args.max_monthly_rate,
    }  # fmt: skip
    inputs, failures = check_inputs({key: value for key, value in criteria.items() if value is not None})
    if failures:
        for field, reason in failures:
            print(f"search: {field}: {reason}" if field else f"search: {reason}", file=sys.stderr)
        return 2
    try:
        client = PlivoClient(resolve_settings(settings_source(args.stack, Path.cwd())))
        found, priced_out = find_candidates(PhoneNumberKind(), client, inputs)
    except PlivoError as exc:
        print(f"search: {exc}", file=sys.stderr)
        return 1
    print(render([row(item) for item in found]))
    print(f"\n{len(found)} for sale" + (f", {priced_out} above the price cap" if priced_out else ""))
    return 0


class PreviewFailed(Exception):
    """``pulumi preview`` or ``pulumi stack export`` failed; the message is pulumi's own."""


def run_pulumi(args: Sequence[str], stack: str | None, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [pulumi_executable(), *args, *(["--stack", stack] if stack else [])]
    try:
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise PreviewFailed(f"cannot run pulumi ({exc})") from None


def preview_json(stack: str | None, cwd: Path) -> dict[str, Any]:
    """``pulumi preview --json`` of ``stack`` here, parsed.

    :raises PreviewFailed: the preview failed; the message lists its errors.
    """
    done = run_pulumi(["preview", "--json"], stack, cwd)
    try:
        parsed = json.loads(done.stdout)
    except json.JSONDecodeError:
        parsed = None
    if done.returncode != 0 or not isinstance(parsed, dict):
        errors = [
            str(d.get("message") or "").strip()
            for d in (parsed or {}).get("diagnostics") or []
            if d.get("severity") == "error"
        ]
        reason = "; ".join(errors) or (done.stderr.strip().splitlines() or ["no JSON printed"])[-1]
        raise PreviewFailed(f"`pulumi preview --json` failed: {reason}")
    return parsed


def state_lookup(stack: str | None, cwd: Path) -> cost.StateLookup:
    """The stored outputs by URN, read with ``pulumi stack export`` once, on first use."""
    outputs: dict[str, dict[str, Any]] = {}
    loaded = False

    def lookup(urn: str) -> dict[str, Any] | None:
        nonlocal loaded
        if not loaded:
            loaded = True
            done = run_pulumi(["stack", "export"], stack, cwd)
            if done.returncode == 0:
                resources = json.loads(done.stdout).get("deployment", {}).get("resources") or []
                outputs.update({str(r.get("urn")): dict(r.get("outputs") or {}) for r in resources})
        return outputs.get(urn)

    return lookup


def read_preview(source: str) -> dict[str, Any]:
    """A saved ``pulumi preview --json`` output: a file, or ``-`` for stdin.

    :raises PreviewFailed: it cannot be read or is not that JSON.
    """
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        parsed = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PreviewFailed(
            f"--preview {source}: not the output of `pulumi preview --json` ({exc})"
        ) from None
    if not isinstance(parsed, dict) or "steps" not in parsed:
        raise PreviewFailed(f"--preview {source}: no steps in it; save `pulumi preview --json` output")
    return parsed


def cost_command(source: str | None, stack: str | None, style: str) -> int:
    """Print the cost of the change a preview shows (read from ``source``, or run here)."""
    cwd = Path.cwd()
    try:
        preview = read_preview(source) if source else preview_json(stack, cwd)
    except PreviewFailed as exc:
        print(f"cost: {exc}", file=sys.stderr)
        return 1
    in_project = project_dir(cwd) is not None
    result = cost.report(preview, state_lookup(stack, cwd) if in_project else None)
    print(cost.render(result, style))
    return 0
