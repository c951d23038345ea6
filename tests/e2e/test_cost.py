"""What a preview will cost, on the plain CLI: the per-number lines, ``python -m plivo_provider cost``
and the CI recipe's summary script, checked against the emulator's own prices to the cent."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.harness.scratch import Program, ScratchStack

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "ci" / "cost-summary.sh"
DOC = ROOT / "docs" / "cost.md"
DOC_COMMANDS = "<!-- tests/e2e/test_cost.py runs the console blocks below"
DOC_OUTPUT = "<!-- the output of `python -m plivo_provider cost` above"
DOC_PORT = 18081  # the emulator port the walkthrough starts and configures
COST_COMMAND = ".venv/bin/python -m plivo_provider cost"
CENT = Decimal("0.01")

KEPT, OLD, NEW = "14155550100", "14155550101", "14155550102"
DROPPED, ADOPTED, BOUGHT = "14155550103", "14155550104", "442079460001"
TOLLFREE_DE = {"country_iso": "DE", "number_type": "tollfree", "max_monthly_rate": "20"}
NYC = {"country_iso": "US", "pattern": "212"}


# -- what the emulator charges, read from its API (never typed into the test) ---------------------


def listed(emu: Any, country: str, **filters: str) -> list[dict[str, Any]]:
    """The first page of numbers for sale, as the emulator's search API lists them."""
    params = {"country_iso": country, "limit": "20", **filters}
    return list(emu.api("GET", "PhoneNumber/", params=params).json()["objects"])


def offer(emu: Any, number: str, country: str) -> dict[str, Any]:
    """The emulator's offer for exactly ``number``."""
    prefix = {"US": "1", "GB": "44"}[country]
    return next(o for o in listed(emu, country, pattern=number[len(prefix) :]) if o["number"] == number)


def cents(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def signed(amount: str) -> str:
    """``0.80`` → ``+0.80``; ``-0.80`` stays: how the totals read."""
    return amount if amount.startswith("-") else "+" + amount


def account_rent(emu: Any) -> Decimal:
    """What the account pays a month for every number it rents now."""
    return sum((Decimal(r["monthly_rental_rate"]) for r in emu.owned().values()), Decimal(0))


# -- running the command as a user types it -------------------------------------------------------


def cost(stack: ScratchStack, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m plivo_provider cost <args>`` in the stack's project folder, with its environment."""
    return subprocess.run(
        [sys.executable, "-m", "plivo_provider", "cost", *args],
        cwd=stack.project_dir,
        env=stack.environment(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def cost_json(stack: ScratchStack, *args: str) -> dict[str, Any]:
    done = cost(stack, "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def by_resource(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for item in report["items"]:
        found.setdefault(item["resource"], []).append(item)
    return found


def the_change(emu: Any, make_stack: Any) -> tuple[ScratchStack, Program]:
    """A stack with four numbers, then a program that replaces one, deletes two (one bought by
    criteria), adopts one the console bought, buys one exact and one by criteria, and adds an app."""
    program = Program(
        kept={"number": "+" + KEPT},
        moved={"number": "+" + OLD},
        dropped={"number": "+" + DROPPED},
        dropped_by_criteria=dict(NYC),
    )
    stack = make_stack(program)
    stack.up()
    assert emu.buy(ADOPTED).status_code == 201  # the console rents it before the program declares it
    program.specs["moved"] = {"number": "+" + NEW}
    del program.specs["dropped"], program.specs["dropped_by_criteria"]
    program.specs["adopted"] = {"number": "+" + ADOPTED}
    program.specs["bought"] = {"number": "+" + BOUGHT}
    program.specs["tollfree"] = dict(TOLLFREE_DE)
    program.specs["ivr"] = {"app_name": "ivr"}
    program.kinds["ivr"] = "Application"
    return stack, program


def test_cost_totals_match_the_emulator_prices_to_the_cent(emu, make_stack, tmp_path: Path) -> None:
    stack, _ = the_change(emu, make_stack)
    released = {n: stack.state_of(name) for name, n in (("moved", OLD), ("dropped", DROPPED))}
    released[stack.state_of("dropped_by_criteria")["number"]] = stack.state_of("dropped_by_criteria")
    rent_before = account_rent(emu)

    emu.clear_requests()
    preview = stack.run("preview", "--json")
    preview_calls = emu.requests_log()
    saved = tmp_path / "preview.json"
    saved.write_text(preview.stdout, encoding="utf-8")
    report = cost_json(stack, "--preview", str(saved))
    assert emu.requests_log() == preview_calls  # reading a saved preview asks Plivo nothing

    # One search per new exact number, one per set of criteria; an adoption also reads the account.
    searches = [r for r in preview_calls if r["method"] == "GET" and r["path"].endswith("/PhoneNumber/")]
    assert len(searches) == 4
    assert {r["method"] for r in preview_calls} == {"GET"}

    buy_new, buy_gb = offer(emu, NEW, "US"), offer(emu, BOUGHT, "GB")
    candidates = [o for o in listed(emu, "DE", type="tollfree") if Decimal(o["monthly_rental_rate"]) <= 20]
    monthly = [Decimal(o["monthly_rental_rate"]) for o in candidates]
    setup = [Decimal(o["setup_rate"]) for o in candidates]
    saved_rent = sum((Decimal(s["monthly_rental_rate"]) for s in released.values()), Decimal(0))
    fixed = Decimal(buy_new["monthly_rental_rate"]) + Decimal(buy_gb["monthly_rental_rate"]) - saved_rent
    fixed_setup = Decimal(buy_new["setup_rate"]) + Decimal(buy_gb["setup_rate"])
    assert report["monthly"] == {"low": cents(fixed + min(monthly)), "high": cents(fixed + max(monthly))}
    assert report["one_off"] == {
        "low": cents(fixed_setup + min(setup)),
        "high": cents(fixed_setup + max(setup)),
    }

    items = by_resource(report)
    assert "kept" not in items  # unchanged: no line
    assert sorted(i["action"] for i in items["moved"]) == ["buy", "release"]
    assert [(i["action"], i["number"]) for i in items["adopted"]] == [("adopt", ADOPTED)]
    assert [(i["action"], i["number"]) for i in items["bought"]] == [("buy", BOUGHT)]
    gb_rent = buy_gb["monthly_rental_rate"]
    assert items["bought"][0]["monthly"] == {"low": gb_rent, "high": gb_rent}
    assert [(i["action"], i["number"]) for i in items["tollfree"]] == [("buy", None)]
    assert items["tollfree"][0]["cap"] == "20.00000"
    assert {i["number"] for i in report["items"] if i["action"] == "release"} == set(released)
    assert [i["action"] for i in items["ivr"]] == ["free"]  # listed, said to cost nothing

    # The prediction, checked against what `up` then did: the account's rent moved by the monthly
    # total, and the setup fees the new numbers recorded add up to the one-off total.
    stack.up()
    assert cents(account_rent(emu) - rent_before) == report["monthly"]["low"] == report["monthly"]["high"]
    paid_setup = fixed_setup + Decimal(stack.state_of("tollfree")["setup_rate"])
    assert cents(paid_setup) == report["one_off"]["low"] == report["one_off"]["high"]
    assert stack.state_of("adopted")["acquired"] == "adopted"


def test_preview_lines_say_adopt_or_buy_and_cost_prints_them(emu, make_stack) -> None:
    stack, _ = the_change(emu, make_stack)
    buy_new = offer(emu, NEW, "US")

    text = stack.preview().text
    assert f"plivo: cost: +{ADOPTED}: `pulumi up` adopts it, already in the account: no new cost" in text
    assert (
        f"plivo: cost: +{NEW}: `pulumi up` buys it at {buy_new['monthly_rental_rate']} a month, "
        f"setup {buy_new['setup_rate']}"
    ) in text
    assert 'plivo: cost: "tollfree": `pulumi up` buys one by criteria at ' in text
    assert "; cap 20.00000 a month)" in text

    done = cost(stack)  # runs the preview itself, in the project folder
    assert done.returncode == 0, done.stderr
    rows = {
        tuple(re.split(r"\s{2,}", line.strip())[:3]) for line in done.stdout.splitlines() if line[:2] == "  "
    }
    assert ("adopt", "adopted", f"+{ADOPTED}") in rows
    assert {("buy", "moved", f"+{NEW}"), ("release", "moved", f"+{OLD}")} <= rows
    assert ("buy", "tollfree", "a number by criteria") in rows
    assert ("free", "ivr", "Application") in rows
    assert "Monthly: " in done.stdout
    assert "One-off: " in done.stdout


def test_no_change_preview_and_cost_make_no_call(emu, make_stack) -> None:
    stack = make_stack(Program(line={"number": "+" + KEPT}, pool=dict(NYC)))
    stack.up()
    emu.clear_requests()
    assert stack.changes() == {}
    report = cost_json(stack)
    assert emu.requests_log() == []
    assert report["items"] == []
    assert report["monthly"] == {"low": "0.00", "high": "0.00"}


def test_the_ci_summary_script_writes_the_markdown_comment(emu, make_stack, tmp_path: Path) -> None:
    program = Program(moved={"number": "+" + OLD})
    stack = make_stack(program)
    stack.up()
    rent = Decimal(stack.state_of("moved")["monthly_rental_rate"])
    program.specs["moved"] = {"number": "+" + NEW}
    stack.write_spec()
    change = Decimal(offer(emu, NEW, "US")["monthly_rental_rate"]) - rent

    summary = tmp_path / "cost.md"
    done = subprocess.run(
        [str(SCRIPT), stack.stack, str(summary)],
        cwd=stack.project_dir,
        env={**stack.environment(), "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    markdown = summary.read_text(encoding="utf-8")
    assert markdown.startswith(f"<!-- plivo-cost {stack.stack} -->")
    assert f"| buy | `moved` | +{NEW} |" in markdown
    assert f"| release | `moved` | +{OLD} |" in markdown
    assert f"**Monthly: {signed(cents(change))} USD**" in markdown


def test_a_change_of_100_numbers(emu, make_stack, tmp_path: Path) -> None:
    """60 exact numbers and a pool of 40 by the same criteria: the preview's calls and `cost`'s."""
    exact = [str(int(KEPT) + i) for i in range(60)]
    program = Program(**{f"n{i}": {"number": "+" + n} for i, n in enumerate(exact)})
    program.specs["agents"] = {"count": 40, **NYC}
    program.kinds["agents"] = "PhoneNumberPool"
    stack = make_stack(program)

    emu.clear_requests()
    preview = stack.run("preview", "--json")
    preview_calls = len(emu.requests_log())
    saved = tmp_path / "preview.json"
    saved.write_text(preview.stdout, encoding="utf-8")
    emu.clear_requests()
    report = cost_json(stack, "--preview", str(saved))
    file_calls = len(emu.requests_log())
    emu.clear_requests()
    cost_json(stack)
    run_calls = len(emu.requests_log())
    print(
        f"100 numbers: preview {preview_calls} calls, cost of a saved preview {file_calls}, cost {run_calls}"
    )

    assert sum(1 for item in report["items"] if item["action"] == "buy") == 100
    assert preview_calls == 60 + 1  # one search per exact number, one for the pool's criteria
    assert file_calls == 0
    assert run_calls == preview_calls
    prices = [Decimal(offer["monthly_rental_rate"]) for offer in listed(emu, "US", pattern="212")]
    assert min(prices) == max(prices)  # the emulator prices a kind alike: the total is exact
    exact_rent = sum((Decimal(offer(emu, n, "US")["monthly_rental_rate"]) for n in exact), Decimal(0))
    assert report["monthly"] == {"low": cents(exact_rent + 40 * prices[0])} | {
        "high": cents(exact_rent + 40 * prices[0])
    }


# -- docs/cost.md's walkthrough, run as written -----------------------------------------------------


def doc_commands() -> list[str]:
    """The command lines of the walkthrough's console blocks, up to the next section."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(DOC_COMMANDS) :]
    section = section[: section.index("\n## ")]
    blocks = re.findall(r"```console\n(.*?)```", section, flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def doc_text_blocks() -> list[str]:
    """The walkthrough's ``text`` blocks: the preview lines, then the `cost` output."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(DOC_COMMANDS) :]
    return re.findall(r"```text\n(.*?)```", section[: section.index("\n## ")], flags=re.DOTALL)


def run_lines(folder: Path, commands: list[str]) -> list[tuple[str, str]]:
    """Run the lines in one bash with a new user's environment; each line with what it printed.

    A failing line stops the run and fails the test; the emulator the lines started in the
    background is stopped either way.
    """
    marks = [f"__line_{i}__" for i in range(len(commands))]
    script = "set -e\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + "".join(
        f"echo {mark}\n{command}\n" for mark, command in zip(marks, commands, strict=True)
    )
    env = {"HOME": str(Path.home()), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    done = subprocess.run(
        ["bash", "-c", script], cwd=folder, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"docs/cost.md commands failed:\n{done.stdout}\n{done.stderr}"
    parts = re.split(r"^__line_(\d+)__\n", done.stdout, flags=re.MULTILINE)
    return [(commands[int(index)], output) for index, output in zip(parts[1::2], parts[2::2], strict=True)]


@pytest.fixture
def fresh_clone(tmp_path: Path) -> Path:
    """The example project as a fresh clone has it after `make venv cli`."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", DOC_PORT)) == 0:
            pytest.fail(f"port {DOC_PORT} is taken (an emulator from docs/cost.md?): stop it first")
    folder = tmp_path / "plivo-pulumi"
    (folder / "examples" / "ci").mkdir(parents=True)
    for name in ("Pulumi.yaml", "__main__.py", "requirements.txt"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copy(SCRIPT, folder / "examples" / "ci" / SCRIPT.name)
    (folder / ".venv").symlink_to(sys.prefix)
    (folder / ".pulumi-state").mkdir()
    assert os.access(folder / "examples" / "ci" / SCRIPT.name, os.X_OK)
    return folder


def test_the_docs_walkthrough_runs_as_written_and_prints_what_it_shows(fresh_clone: Path) -> None:
    outputs = run_lines(fresh_clone, doc_commands())
    previews = [output for line, output in outputs if line == "pulumi preview"]
    costs = [output for line, output in outputs if line == COST_COMMAND]
    preview_lines, cost_output = doc_text_blocks()
    assert len(previews) == 1
    assert len(costs) == 2
    for line in preview_lines.splitlines():
        assert line in previews[0]
    assert "+ 2 to create" in previews[0]  # the engine counts the adoption as a create, as the page says
    assert costs[0] == cost_output
    monthly = next(line for line in costs[0].splitlines() if line.startswith("Monthly: "))
    assert f"**{monthly}**" in (fresh_clone / "cost-summary.md").read_text(encoding="utf-8")
    assert "no number is bought, adopted or released" in costs[1]
    assert "Monthly: +0.00 USD" in costs[1]
