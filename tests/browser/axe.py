"""Accessibility checks with axe-core (Deque's engine, from the npm registry).

``assert_accessible(page, "name")`` runs axe-core on the page as it is now, against the WCAG 2.0
and 2.1 A and AA rules. A violation of impact "serious" or "critical" fails the test, with a
message naming each rule, its impact, what it asks and the elements (CSS selectors) at fault.
"Moderate" and "minor" violations do not fail: they are printed (pytest shows them with a
failure, or with ``-rP``/``-s``). Every result, including what axe could not decide
("incomplete", for instance contrast over a background image), is saved as
``test-artifacts/axe/<name>.json``.

axe-core is a devDependency in package.json, pinned in package-lock.json: ``npm ci`` installs it
into node_modules/. Without it the check fails (it never skips): an accessibility suite that
quietly does not run would look green.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
REPORTS = REPO_ROOT / "test-artifacts" / "axe"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("critical", "serious")

# Runs in the page. Only what the report needs comes back to Python.
_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations', 'incomplete'],
  });
  const brief = (rule) => ({
    id: rule.id,
    impact: rule.impact,
    help: rule.help,
    helpUrl: rule.helpUrl,
    nodes: rule.nodes.map((node) => ({
      target: node.target,
      html: node.html,
      summary: node.failureSummary,
    })),
  });
  return {
    version: axe.version,
    url: results.url,
    violations: results.violations.map(brief),
    incomplete: results.incomplete.map(brief),
  };
}
"""


def _selector(target) -> str:
    # A target is a list of selectors: one per frame or shadow root on the way to the node.
    return " >>> ".join(part if isinstance(part, str) else " > ".join(part) for part in target)


def _describe(violations: list[dict]) -> str:
    lines = []
    for rule in violations:
        lines.append(f"- {rule['id']} ({rule['impact']}): {rule['help']}")
        lines.append(f"    {rule['helpUrl']}")
        for node in rule["nodes"]:
            lines.append(f"    at {_selector(node['target'])}")
            if node.get("summary"):
                for detail in node["summary"].splitlines():
                    lines.append(f"       {detail.strip()}")
    return "\n".join(lines)


def run_axe(page) -> dict:
    """Run axe-core on ``page`` and return its (trimmed) results."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(
            f"axe-core is not installed ({AXE_SCRIPT.relative_to(REPO_ROOT)} is missing).\n"
            "Install the Node packages of the browser tests with:  npm ci --no-audit --no-fund",
            pytrace=False,
        )
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, which the page's content security policy
        # does not govern (a <script> tag with axe's source would be refused, as it should).
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;undefined")
    # While axe runs, the page fixture (tests/conftest.py) does not count the inline styles
    # axe's own CSS preload adds (refused by the policy) against the page.
    page.axe_running = True
    try:
        return page.evaluate(_RUN_AXE, WCAG_TAGS)
    finally:
        page.axe_running = False


def assert_accessible(page, name: str) -> dict:
    """Fail on any serious or critical WCAG 2.1 A/AA violation on ``page``; print the others.

    ``name`` names the page in messages and in ``test-artifacts/axe/<name>.json``.
    Returns axe's results, for a test that wants to look further.
    """
    results = run_axe(page)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{name}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))

    failing = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    other = [v for v in results["violations"] if v["impact"] not in FAILING_IMPACTS]
    if other:
        print(
            f"axe-core: {name} ({results['url']}): moderate or minor violations\n"
            + _describe(other)
        )
    if failing:
        pytest.fail(
            f"axe-core {results['version']} found serious or critical accessibility "
            f"violations on {name} ({results['url']}):\n{_describe(failing)}",
            pytrace=False,
        )
    return results
