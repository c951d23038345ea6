"""The wheel ships every package and sub-package with its type marker.

``pyproject.toml`` lists the packages one by one; a new sub-package left off the list would build
and pass every test run from the source tree, then be missing for users.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("plivo_provider", "plivo_emulator", "plivo_testing")


def packages_on_disk() -> set[str]:
    """Every folder with an ``__init__.py`` under the shipped packages, as a dotted name."""
    return {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in SHIPPED
        for init in (ROOT / top).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }


def test_the_wheel_holds_every_package_and_its_py_typed(tmp_path: Path) -> None:
    # Built from a copy: setuptools writes build/ and *.egg-info/ into the tree it builds.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".*", "__pycache__", "build", "*.egg-info", "tests", "benchmarks", "tools", "docs"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {name.rsplit("/", 1)[0].replace("/", ".") for name in names if name.endswith("/__init__.py")}
    assert shipped == packages_on_disk()
    for top in SHIPPED:
        assert f"{top}/py.typed" in names  # PEP 561: covers its sub-packages too


def test_the_old_runner_path_still_imports_and_says_where_it_went() -> None:
    # CHANGELOG 0.2.0 published plivo_emulator.pulumi_cli.PulumiStack.
    code = "import warnings; warnings.simplefilter('error'); import plivo_emulator.pulumi_cli"
    moved = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert moved.returncode == 1
    assert "moved to plivo_testing.pulumi_cli" in moved.stderr
    quiet = "import plivo_emulator.pulumi_cli as old, plivo_testing as new; assert old.Run is new.Run"
    assert subprocess.run([sys.executable, "-W", "ignore", "-c", quiet]).returncode == 0
