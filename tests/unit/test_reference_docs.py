"""The resources' reference pages are generated from their field tables and kept current."""

from __future__ import annotations

from pathlib import Path

from plivo_provider.reference import main, pages, render, stale

DOCS = Path(__file__).resolve().parents[2] / "docs" / "reference"


def test_the_committed_reference_pages_are_current() -> None:
    # Fails after a field-table change until `python -m plivo_provider.reference` is run.
    assert stale(DOCS) == []


def test_every_argument_and_output_is_on_its_page() -> None:
    for page in pages():
        text = render(page)
        for name in page.spec.arguments + page.spec.outputs:
            assert f"| `{name}` |" in text, (page.spec.name, name)


def test_a_stale_page_is_found_and_check_exits_1(tmp_path: Path) -> None:
    assert main(["--folder", str(tmp_path)]) == 0
    assert main(["--folder", str(tmp_path), "--check"]) == 0
    page = tmp_path / pages()[0].filename
    page.write_text(page.read_text(encoding="utf-8").replace("updated in place", "edited"), encoding="utf-8")
    assert stale(tmp_path) == [page.name]
    assert main(["--folder", str(tmp_path), "--check"]) == 1
