"""The summary e-mail of a self-check run to the 公开办 (disclosure office) users.

Each active 公开办 user with an e-mail address gets one message listing the run's new findings
in the agencies he or she supervises (the own agency and every agency below it; the site's
home page for those at the top), with what was resolved, and links to fix each. Nobody gets
a message without a new finding. Sent after the run's transaction commits
(``applications.notify.send_after_commit``), in the site's language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role, RoleAssignment
from gongkai.agencies.models import Agency
from gongkai.applications.notify import send_after_commit
from gongkai.core.dates import format_cn_date
from gongkai.supervision.models.selfcheck import Finding, SelfCheckRun, Severity
from gongkai.supervision.selfcheck.messages import describe


def absolute(path: str) -> str:
    """``path`` on the site's public address when ``GONGKAI_SITE_URL`` is set."""
    if not path or "://" in path:
        return path
    return f"{settings.GONGKAI_SITE_URL}{path}"


def _office_scopes() -> dict[str, tuple[set[int], bool]]:
    """E-mail address → (agency ids supervised, whether the site's own findings belong to it)."""
    parents = dict(Agency.objects.values_list("pk", "parent_id"))
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in parents.items():
        children[parent_id].append(pk)
    scopes: dict[str, tuple[set[int], bool]] = {}
    rows = RoleAssignment.objects.filter(
        role=Role.DISCLOSURE_OFFICE, user__is_active=True, agency__isnull=False
    ).values_list("user__email", "agency_id")
    for email, agency_id in rows:
        if not email:
            continue
        ids, site = scopes.get(email, (set(), False))
        stack = [agency_id]
        while stack:
            pk = stack.pop()
            if pk not in ids:
                ids.add(pk)
                stack.extend(children.get(pk, ()))
        scopes[email] = (ids, site or parents.get(agency_id) is None)
    return scopes


def _line(finding: Finding) -> str:
    severity = _("single-veto risk") if finding.severity == Severity.VETO else _("deduction")
    label = finding.object_label or _("Home page of the site")
    text = describe(finding.rule, finding.params, site=finding.agency_id is None)
    fix = _("Fix it here: %(url)s") % {"url": absolute(finding.fix_url)}
    return f"- [{finding.get_rule_display()} · {severity}] {label}\n  {text}\n  {fix}"


def _body(
    run: SelfCheckRun,
    new: list[Finding],
    resolved_count: int,
    names: dict[int, str],
) -> str:
    lines = [
        _(
            "Site self-check of %(date)s in the agencies you supervise. New problems: %(new)d; "
            "earlier problems now resolved: %(resolved)d."
        )
        % {"date": format_cn_date(run.run_on), "new": len(new), "resolved": resolved_count},
        "",
    ]
    by_agency: dict[int | None, list[Finding]] = defaultdict(list)
    for finding in new:
        by_agency[finding.agency_id].append(finding)
    for agency_id in sorted(by_agency, key=lambda pk: (pk is not None, names.get(pk, ""))):
        title = names.get(agency_id) if agency_id is not None else _("The site as a whole")
        lines.append(_("%(agency)s (%(n)d)") % {"agency": title, "n": len(by_agency[agency_id])})
        lines.extend(_line(f) for f in by_agency[agency_id])
        lines.append("")
    lines.append(
        _("Every open finding: %(url)s")
        % {"url": absolute(reverse("supervision:selfcheck_findings"))}
    )
    return "\n".join(lines)


def send_summary(*, run: SelfCheckRun, new: Iterable[Finding], resolved: Iterable[Finding]) -> int:
    """Queue one summary per 公开办 address whose agencies have new findings; returns how
    many messages were queued. Call inside the run's transaction."""
    new, resolved = list(new), list(resolved)
    if not new:
        return 0
    agency_ids = {f.agency_id for f in new + resolved if f.agency_id is not None}
    names = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "name"))
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for email, (ids, site) in sorted(_office_scopes().items()):

            def mine(finding: Finding, ids=ids, site=site) -> bool:
                return finding.agency_id in ids if finding.agency_id is not None else site

            own_new = [f for f in new if mine(f)]
            if not own_new:
                continue
            own_resolved = sum(1 for f in resolved if mine(f))
            subject = _("Site self-check: new problems found (%(n)d)") % {"n": len(own_new)}
            send_after_commit(
                to=[email], subject=subject, body=_body(run, own_new, own_resolved, names)
            )
            sent += 1
    return sent
