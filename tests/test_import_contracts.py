"""The import direction (pyproject.toml [tool.importlinter], docs/architecture.md) holds, and
the check really fails when a data app imports upwards."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = [
    "ogp_portal",
    "desk",
    "reminders",
    "portal",
    "members",
    "publication",
    "packets",
    "letters",
    "reviews",
    "applications",
    "calls",
    "accounts",
    "common",
]


def _copy_of_the_repository(target: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "locale", "static", "templates")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, target / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_repository_keeps_its_import_contract():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_contract_has_no_exception_and_no_app_imports_another_that_imports_it():
    """Issue 19, item 3: the applicant's pages left the data apps, so no import is let through
    and no two apps import each other."""
    import tomllib

    import grimp

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert all(not contract.get("ignore_imports") for contract in config["contracts"])
    graph = grimp.build_graph(*dict.fromkeys(config["root_packages"]))
    apps = list(dict.fromkeys(config["root_packages"]))
    both_ways = [
        (first, second)
        for index, first in enumerate(apps)
        for second in apps[index + 1 :]
        if graph.find_illegal_dependencies_for_layers(layers=[first, second])
        and graph.find_illegal_dependencies_for_layers(layers=[second, first])
    ]
    assert both_ways == []


def test_an_upward_import_breaks_the_contract(tmp_path):
    copy = _copy_of_the_repository(tmp_path)
    # A data app reaching up into the staff desk, as the old admin modules did.
    rules = copy / "applications" / "rules.py"
    rules.write_text("from desk.admin.base import is_coordinator  # noqa\n" + rules.read_text())
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert "applications is not allowed to import desk" in result.stdout
    assert "applications.rules -> desk.admin.base" in result.stdout


def test_letters_and_reviews_may_not_import_each_other(tmp_path):
    copy = _copy_of_the_repository(tmp_path)
    queries = copy / "letters" / "queries.py"
    queries.write_text("import reviews.rules  # noqa\n" + queries.read_text())
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert "letters is not allowed to import reviews" in result.stdout
