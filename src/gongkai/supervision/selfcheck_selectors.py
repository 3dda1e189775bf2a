"""Reads of the site self-check (自查): open findings per agency, scoped lists for the pages.

Every list starts from ``findings_visible_to(user)``: a 公开办 sees the findings of its agency
and every agency below it, a 机关管理员 or 审核员 those of his or her own agency, and the
findings of the site as a whole (its home page) are shown to whoever supervises every
top-level agency (``selfcheck.permissions``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from gongkai.agencies.models import Agency
from gongkai.supervision.models.selfcheck import Finding, Rule, SelfCheckRun, Severity
from gongkai.supervision.selfcheck.freshness import GROUP_EMPTY, GROUP_LONG, GROUP_RECENT, veto_at
from gongkai.supervision.selfcheck.permissions import can_view_site_findings, selfcheck_agencies

COLUMN_RULES = (Rule.NEWS_STALE, Rule.COLUMN_STALE, Rule.COLUMN_EMPTY)


def open_findings_count(agency: Agency) -> int:
    """How many self-check findings of ``agency`` itself are open now (one query; findings of
    the agencies below it and of the site as a whole are not counted)."""
    return Finding.objects.filter(agency=agency, resolved_on__isnull=True).count()


def findings_visible_to(user) -> QuerySet[Finding]:
    """Every finding (open or resolved) ``user`` may see on the self-check page."""
    visible = Q(agency__in=selfcheck_agencies(user).values("pk"))
    if can_view_site_findings(user):
        visible |= Q(agency__isnull=True)
    return Finding.objects.filter(visible)


def filter_findings(
    findings: QuerySet[Finding],
    *,
    agency: Agency | None = None,
    site: bool = False,
    rule: str = "",
    severity: str = "",
    resolved: bool = False,
) -> QuerySet[Finding]:
    """The open (or, with ``resolved``, the resolved) findings of the list's filters, newest
    problems last-seen first, with their agency (no query per row)."""
    qs = findings.filter(resolved_on__isnull=not resolved)
    if site:
        qs = qs.filter(agency__isnull=True)
    elif agency is not None:
        qs = qs.filter(agency=agency)
    if rule:
        qs = qs.filter(rule=rule)
    if severity:
        qs = qs.filter(severity=severity)
    order = (
        ("-resolved_on", "-pk") if resolved else ("agency__sort_order", "agency_id", "rule", "pk")
    )
    return qs.select_related("agency").order_by(*order)


@dataclass
class AgencySummary:
    """The open findings of one agency (None: the site as a whole), counted per rule."""

    agency: Agency | None
    by_rule: dict[str, int] = field(default_factory=dict)
    veto: int = 0  # findings carrying single-veto risk
    groups: dict[str, int] = field(default_factory=dict)  # column groups (a), (b), (c)

    @property
    def total(self) -> int:
        return sum(self.by_rule.values())

    def counts(self) -> list[tuple[str, int]]:
        return [(rule, self.by_rule.get(rule, 0)) for rule in Rule.values]

    def labelled_counts(self) -> list[tuple[str, str, int]]:
        """(rule, its name, open findings) for every rule with findings."""
        return [(r, label, self.by_rule[r]) for r, label in Rule.choices if self.by_rule.get(r)]

    def column_groups(self) -> list[tuple[str, int, int]]:
        """(group, open findings in it, the number at which it is a single veto)."""
        return [
            (g, self.groups.get(g, 0), veto_at(g)) for g in (GROUP_RECENT, GROUP_LONG, GROUP_EMPTY)
        ]


def summaries(
    findings: QuerySet[Finding], agencies: list[Agency], *, site: bool
) -> list[AgencySummary]:
    """One row per agency of ``agencies`` (and the site first when ``site``) with the counts
    of its open findings per rule, those at single-veto risk and the column groups of
    indicator 4. Two queries whatever the number of findings."""
    rows: dict[int | None, AgencySummary] = {}
    if site:
        rows[None] = AgencySummary(agency=None)
    for agency in agencies:
        rows[agency.pk] = AgencySummary(agency=agency)
    open_findings = findings.filter(resolved_on__isnull=True)
    for agency_id, rule, severity, n in (
        open_findings.values_list("agency_id", "rule", "severity")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row = rows.get(agency_id)
        if row is None:
            continue
        row.by_rule[rule] = row.by_rule.get(rule, 0) + n
        if severity == Severity.VETO:
            row.veto += n
    groups: dict[int | None, dict[str, int]] = defaultdict(dict)
    for agency_id, params in open_findings.filter(rule__in=COLUMN_RULES).values_list(
        "agency_id", "params"
    ):
        group = (params or {}).get("group")
        if group in (GROUP_RECENT, GROUP_LONG, GROUP_EMPTY):
            groups[agency_id][group] = groups[agency_id].get(group, 0) + 1
    for agency_id, counted in groups.items():
        if agency_id in rows:
            rows[agency_id].groups = counted
    return list(rows.values())


def last_runs(user, *, limit: int = 5) -> list[SelfCheckRun]:
    """The latest runs whose scope ``user`` may see: the daily ones of the whole site and
    the runs by hand of the agencies he or she may see."""
    agencies = selfcheck_agencies(user).values("pk")
    return list(
        SelfCheckRun.objects.filter(Q(agency__isnull=True) | Q(agency__in=agencies))
        .select_related("agency", "started_by")
        .order_by("-started_at", "-pk")[:limit]
    )


def open_count_for(user) -> int | None:
    """Open findings ``user`` may see (for the staff workbench card); None without access."""
    if not (selfcheck_agencies(user).exists() or can_view_site_findings(user)):
        return None
    return findings_visible_to(user).filter(resolved_on__isnull=True).count()
