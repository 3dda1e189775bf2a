"""The accessibility check of the browser tests: axe-core (from the npm registry, pinned in
package-lock.json, installed by ``make test``) run inside a Playwright page.

Usage, in a browser test on a page that has loaded::

    from tests.a11y import assert_no_axe_violations

    page.goto(live_server.url + "/services/notices/")
    assert_no_axe_violations(page)

It fails with one readable paragraph per violated rule (rule, impact, help text, the first
elements with their selector and axe's summary of what to fix), so the failure says what to
change without opening a browser.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0 and 2.1, levels A and AA: what the portal promises (DESIGN.md: WCAG 2.1 AA).
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# Elements listed per violated rule; the count of the rest is given.
MAX_NODES_SHOWN = 5


@cache
def _axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(
            f"{AXE_JS} is missing: run `npm ci --no-audit --no-fund` in the repository root "
            "(make test does this)."
        )
    return AXE_JS.read_text(encoding="utf-8")


def axe_run(page, *, include: str | None = None, exclude: tuple[str, ...] = ()) -> dict:
    """Run axe-core's WCAG 2.1 A/AA rules in ``page`` and return its results object.

    The script is evaluated through the DevTools protocol, not added as a ``<script>`` tag, so
    the site's Content-Security-Policy (no inline scripts) does not block it and the page's own
    markup stays untouched. ``include`` limits the check to one selector; ``exclude`` leaves
    selectors out (for markup that is not the page under test)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    context: dict = {}
    if include:
        context["include"] = [include]
    if exclude:
        context["exclude"] = [[selector] for selector in exclude]
    return page.evaluate(
        """([context, tags]) => window.axe.run(
            Object.keys(context).length ? context : document,
            {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]}
        )""",
        [context, list(WCAG_TAGS)],
    )


def format_violations(violations: list[dict]) -> str:
    """One paragraph per violated rule, most serious first."""
    order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    lines: list[str] = []
    for v in sorted(violations, key=lambda v: (order.get(v.get("impact") or "", 9), v["id"])):
        nodes = v.get("nodes", [])
        lines.append(f"- {v['id']} ({v.get('impact') or 'n/a'}): {v['help']} [{v['helpUrl']}]")
        for node in nodes[:MAX_NODES_SHOWN]:
            target = " ".join(str(t) for t in node.get("target", []))
            html = " ".join((node.get("html") or "").split())
            if len(html) > 160:
                html = html[:157] + "..."
            lines.append(f"    at {target}: {html}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"      {summary}")
        if len(nodes) > MAX_NODES_SHOWN:
            lines.append(f"    … and {len(nodes) - MAX_NODES_SHOWN} more elements")
    return "\n".join(lines)


def assert_no_axe_violations(
    page, *, include: str | None = None, exclude: tuple[str, ...] = ()
) -> None:
    """Fail the test when axe-core finds any WCAG 2.1 A/AA violation on the page as it is now
    (run it after the page, and any state under test such as an opened form, has loaded)."""
    results = axe_run(page, include=include, exclude=exclude)
    violations = results.get("violations", [])
    if violations:
        pytest.fail(
            f"axe-core {results.get('testEngine', {}).get('version', '?')} found "
            f"{len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:\n"
            + format_violations(violations),
            pytrace=False,
        )
