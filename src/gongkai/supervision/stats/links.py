"""Links from every figure of the statistics to the records behind it.

A figure links to the staff item list (``catalog_staff:item_list``) or the application
workbench (``applications_staff:list``) with query parameters that filter those lists to exactly
the counted records. A link is only made where the list would show exactly them to this user:
for one agency, if the user may open that list for it; for the whole scope (no agency filter),
if the agencies the list shows the user are exactly the agencies of the scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from gongkai.accounts.permissions import agencies_where
from gongkai.supervision.stats.period import Period

ITEM_LIST = "catalog_staff:item_list"
APPLICATION_LIST = "applications_staff:list"


@dataclass(frozen=True)
class Linker:
    period: Period
    item_agencies: frozenset[int]  # agencies whose items the user may list
    application_agencies: frozenset[int]  # agencies whose applications the user may list
    scope: frozenset[int]

    @classmethod
    def for_user(cls, user, *, period: Period, scope_ids) -> Linker:
        return cls(
            period=period,
            item_agencies=frozenset(
                agencies_where(user, "item.view_staff").values_list("pk", flat=True)
            ),
            application_agencies=frozenset(
                agencies_where(user, "application.view").values_list("pk", flat=True)
            ),
            scope=frozenset(scope_ids),
        )

    def _agency_param(self, agency_id: int | None, allowed: frozenset[int]) -> dict | None:
        if agency_id is None and len(self.scope) == 1:
            (agency_id,) = self.scope
        if agency_id is None:
            return {} if allowed == self.scope else None
        return {"agency": str(agency_id)} if agency_id in allowed else None

    # --- items ---------------------------------------------------------------------------

    def items(
        self,
        agency_id: int | None = None,
        *,
        month: int | None = None,
        category_id: int | None = None,
        subtree: bool = False,
        section: str | None = None,
        timeliness: str = "",
    ) -> str:
        """Public items published in the period (or in one of its months)."""
        params = self._agency_param(agency_id, self.item_agencies)
        if params is None:
            return ""
        start, end = (
            self.period.month_bounds(month) if month else (self.period.start, self.period.end)
        )
        query = {
            "tab": "published",
            **params,
            "attribute": "public",
            "published_from": start.isoformat(),
            "published_to": end.isoformat(),
        }
        if category_id is not None:
            query["category"] = str(category_id)
            if subtree:
                query["subtree"] = "on"
        if section is not None:
            query["section"] = section
        if timeliness:
            query["timeliness"] = timeliness
        return f"{reverse(ITEM_LIST)}?{urlencode(query)}"

    # --- applications --------------------------------------------------------------------

    def _applications(self, agency_id: int | None, query: dict) -> str:
        params = self._agency_param(agency_id, self.application_agencies)
        if params is None:
            return ""
        return f"{reverse(APPLICATION_LIST)}?{urlencode({'tab': 'all', 'status': 'all', **params, **query})}"

    def received(
        self,
        agency_id: int | None = None,
        *,
        month: int | None = None,
        status: str = "",
        applicant_kind: str = "",
        channel: str = "",
    ) -> str:
        """Applications received (``received_on``) in the period or one of its months."""
        start, end = (
            self.period.month_bounds(month) if month else (self.period.start, self.period.end)
        )
        query = {"received_from": start.isoformat(), "received_to": end.isoformat()}
        if status:
            query["status"] = status
        if applicant_kind:
            query["applicant_kind"] = applicant_kind
        if channel:
            query["channel"] = channel
        return self._applications(agency_id, query)

    def replied(
        self,
        agency_id: int | None = None,
        *,
        month: int | None = None,
        outcome: str = "",
        outcome_group: str = "",
        timely: str = "",
    ) -> str:
        """Applications replied (``replied_on``) in the period or one of its months."""
        start, end = (
            self.period.month_bounds(month) if month else (self.period.start, self.period.end)
        )
        query = {"replied_from": start.isoformat(), "replied_to": end.isoformat()}
        if outcome:
            query["outcome"] = outcome
        if outcome_group:
            query["outcome_group"] = outcome_group
        if timely:
            query["timely"] = timely
        return self._applications(agency_id, query)
