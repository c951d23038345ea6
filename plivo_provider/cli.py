"""plivo_provider.cli: ``python -m plivo_provider search ...``, explore numbers before declaring them.

Credentials and endpoint come from the same place the stack's provider reads them: the
stack's config (``--stack NAME``, read with ``pulumi config``) and then ``PLIVO_*`` variables.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from .acquire import find_candidates
from .client import PlivoClient
from .config import resolve_settings
from .errors import PlivoError
from .models import AvailableNumber
from .schema import check_inputs

COLUMNS = ("number", "region", "city", "type", "monthly", "setup", "services", "restriction")


def stack_config(stack: str) -> dict[str, Any]:
    """The stack's ``plivo:*`` config, secrets decrypted, as the provider would receive it."""
    pulumi = shutil.which("pulumi") or os.path.expanduser("~/.pulumi/bin/pulumi")
    done = subprocess.run(
        [pulumi, "config", "--json", "--show-secrets", "--stack", stack],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"search: cannot read the config of stack {stack!r}: {done.stderr.strip()}")
    raw = json.loads(done.stdout)
    return {key: item.get("value") for key, item in raw.items() if key.startswith("plivo:")}


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
    search.add_argument("--stack", help="read plivo:* settings from this stack's config (else PLIVO_* env)")
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    criteria = {
        "country_iso": args.country, "number_type": args.number_type, "pattern": args.pattern,
        "region": args.region, "city": args.city, "services": args.services,
        "max_monthly_rate": args.max_monthly_rate,
    }  # fmt: skip
    inputs, failures = check_inputs({key: value for key, value in criteria.items() if value is not None})
    if failures:
        for _, reason in failures:
            print(f"search: {reason}", file=sys.stderr)
        return 2
    try:
        client = PlivoClient(resolve_settings(stack_config(args.stack) if args.stack else {}))
        found, priced_out = find_candidates(client, inputs)
    except PlivoError as exc:
        print(f"search: {exc}", file=sys.stderr)
        return 1
    print(render([row(item) for item in found]))
    print(f"\n{len(found)} for sale" + (f", {priced_out} above the price cap" if priced_out else ""))
    return 0
