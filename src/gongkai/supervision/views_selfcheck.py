"""Staff pages of the site self-check (自查): the findings per agency with links to fix each,
and the run-now button.

Thin adapters: the run is ``selfcheck.runner.selfcheck_run``; reads come from
``selfcheck_selectors``. Without "selfcheck.view" anywhere the page is 403; an agency outside
the user's scope in the filters is 404, so nobody can probe other agencies.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gongkai.accounts.permissions import can
from gongkai.core.staff_views import staff_view
from gongkai.supervision import selfcheck_selectors as sel
from gongkai.supervision.forms_selfcheck import SITE, FindingFilterForm, RunForm
from gongkai.supervision.models.selfcheck import Rule
from gongkai.supervision.selfcheck.freshness import GROUP_EMPTY, GROUP_LONG, GROUP_RECENT, veto_at
from gongkai.supervision.selfcheck.messages import describe
from gongkai.supervision.selfcheck.permissions import (
    can_run_selfcheck,
    can_view_site_findings,
    selfcheck_agencies,
)
from gongkai.supervision.selfcheck.runner import selfcheck_run

PAGE_SIZE = 50

# The permission a finding's fix link needs (the link is shown to those who hold it).
FIX_ACTIONS = {
    Rule.HOME_STALE: "item.draft",
    Rule.NEWS_STALE: "catalog.manage",
    Rule.COLUMN_STALE: "catalog.manage",
    Rule.COLUMN_EMPTY: "catalog.manage",
    Rule.BROKEN_LINK: "item.revise",
    Rule.MISSING_FILE: "item.view_staff",
    Rule.METADATA: "item.view_staff",
}


def _scope(user):
    agencies = list(selfcheck_agencies(user))
    site = can_view_site_findings(user)
    if not agencies and not site:
        raise PermissionDenied
    return agencies, site


def _fix_links(user, findings) -> None:
    """Set ``may_fix`` and ``message`` on each finding (one permission check per agency and
    action, not per row)."""
    cache: dict[tuple[int | None, str], bool] = {}
    for finding in findings:
        finding.message = describe(finding.rule, finding.params, site=finding.agency_id is None)
        action = FIX_ACTIONS.get(finding.rule)
        if action is None or finding.agency is None:
            finding.may_fix = bool(finding.fix_url)
            continue
        key = (finding.agency_id, action)
        if key not in cache:
            cache[key] = can(user, action, agency=finding.agency)
        finding.may_fix = cache[key] and bool(finding.fix_url)


@staff_view
@require_GET
def findings(request):
    """The open findings of the agencies the user may see: counts per agency and rule, then
    the list (filtered by agency, rule, severity; resolved ones on request)."""
    user = request.user
    agencies, site = _scope(user)
    form = FindingFilterForm(request.GET or None, agencies=agencies, site=site)
    agency, site_only, rule, severity, resolved = None, False, "", "", False
    if form.is_bound:
        if not form.is_valid():
            if "agency" in form.errors:
                raise Http404
        else:
            agency, site_only = form.scope()
            rule = form.cleaned_data.get("rule") or ""
            severity = form.cleaned_data.get("severity") or ""
            resolved = bool(form.cleaned_data.get("resolved"))
    visible = sel.findings_visible_to(user)
    rows = sel.summaries(visible, agencies, site=site)
    listed = sel.filter_findings(
        visible, agency=agency, site=site_only, rule=rule, severity=severity, resolved=resolved
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    _fix_links(user, page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    run_agencies = [a for a in agencies if can_run_selfcheck(user, a)]
    run_site = can_run_selfcheck(user, None)
    run_form = None
    if run_agencies or run_site:
        initial = {"agency": str(agency.pk) if agency else (SITE if run_site else "")}
        run_form = RunForm(agencies=run_agencies, site=run_site, initial=initial)
    return render(
        request,
        "supervision/selfcheck/findings.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "querystring": params.urlencode(),
            "chosen": agency,
            "site_only": site_only,
            "resolved": resolved,
            "run_form": run_form,
            "runs": sel.last_runs(user),
            "veto_at": {g: veto_at(g) for g in (GROUP_RECENT, GROUP_LONG, GROUP_EMPTY)},
        },
    )


@staff_view
@require_POST
def run(request):
    """Run the check now for the chosen agency (and those below it) or the whole site."""
    user = request.user
    agencies = [a for a in selfcheck_agencies(user, "selfcheck.run")]
    run_site = can_run_selfcheck(user, None)
    if not agencies and not run_site:
        raise PermissionDenied
    form = RunForm(request.POST, agencies=agencies, site=run_site)
    if not form.is_valid():
        raise Http404
    target = form.target()
    try:
        outcome = selfcheck_run(actor=user, agency=target)
    except IntegrityError:
        messages.error(request, _("Another check was running at the same time. Try again."))
    else:
        messages.success(
            request,
            _("The check is done. Open findings: %(open)d; new: %(new)d; resolved: %(resolved)d.")
            % {
                "open": outcome.run.open_count,
                "new": outcome.run.new_count,
                "resolved": outcome.run.resolved_count,
            },
        )
    url = reverse("supervision:selfcheck_findings")
    return redirect(f"{url}?agency={target.pk}" if target else url)
