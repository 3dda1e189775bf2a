"""Yearly counts per agency (建议提案办理情况统计), computed from the records, never typed in.

For a year (the ``year`` of the proposals' session) and an agency:

- ``lead_npc`` / ``lead_cppcc`` / ``lead``: proposals it leads (主办), by kind and in all;
- ``cohandled``: proposals it co-handles (协办);
- ``replied``: proposals it leads whose first reply has been sent;
- ``on_time``: of those, the ones whose first reply was sent by its deadline;
- ``satisfied`` / ``basically`` / ``not_satisfied``: the delegates' last feedback (after a
  second handling, the feedback on the second reply).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.db.models import Count, F, Q

from gongkai.agencies.models import Agency
from gongkai.proposals.models import CoHandling, Proposal, ProposalKind, Reply, Satisfaction


@dataclass
class AgencyCounts:
    agency: Agency | None
    lead_npc: int = 0
    lead_cppcc: int = 0
    cohandled: int = 0
    replied: int = 0
    on_time: int = 0
    satisfied: int = 0
    basically: int = 0
    not_satisfied: int = 0

    @property
    def lead(self) -> int:
        return self.lead_npc + self.lead_cppcc

    @property
    def on_time_share(self) -> str:
        """On-time share of the replies sent, as a percentage text ("—" when none)."""
        if not self.replied:
            return "—"
        return f"{100 * self.on_time / self.replied:.0f}%"

    @property
    def feedback(self) -> int:
        return self.satisfied + self.basically + self.not_satisfied

    @property
    def satisfaction_share(self) -> str:
        """满意率 as offices compute it: (satisfied + basically satisfied) / feedback."""
        if not self.feedback:
            return "—"
        return f"{100 * (self.satisfied + self.basically) / self.feedback:.0f}%"

    def as_dict(self) -> dict[str, int]:
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "agency"}
        values["lead"] = self.lead
        return values


COUNT_FIELDS = (
    "lead_npc",
    "lead_cppcc",
    "lead",
    "cohandled",
    "replied",
    "on_time",
    "satisfied",
    "basically",
    "not_satisfied",
)


def yearly_counts(year: int, agency_ids: Iterable[int] | None = None) -> list[AgencyCounts]:
    """One row per agency with any proposal of ``year`` (only ``agency_ids`` when given),
    in the agencies' order. Five queries whatever the number of proposals."""
    wanted = set(agency_ids) if agency_ids is not None else None
    rows: dict[int, AgencyCounts] = defaultdict(lambda: AgencyCounts(agency=None))

    def keep(agency_id: int) -> bool:
        return wanted is None or agency_id in wanted

    for agency_id, kind, n in (
        Proposal.objects.filter(year=year)
        .values_list("agency_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if keep(agency_id):
            attr = "lead_npc" if kind == ProposalKind.NPC else "lead_cppcc"
            setattr(rows[agency_id], attr, getattr(rows[agency_id], attr) + n)
    for agency_id, n in (
        CoHandling.objects.filter(proposal__year=year)
        .values_list("agency_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if keep(agency_id):
            rows[agency_id].cohandled += n
    for agency_id, replied, on_time in (
        Reply.objects.filter(proposal__year=year, round=1, replied_on__isnull=False)
        .values_list("proposal__agency_id")
        .annotate(replied=Count("pk"), on_time=Count("pk", filter=Q(replied_on__lte=F("due_on"))))
        .order_by()
    ):
        if keep(agency_id):
            rows[agency_id].replied += replied
            rows[agency_id].on_time += on_time
    last: dict[int, tuple[int, int, str]] = {}
    for proposal_id, agency_id, round_, satisfaction in (
        Reply.objects.filter(proposal__year=year)
        .exclude(satisfaction="")
        .values_list("proposal_id", "proposal__agency_id", "round", "satisfaction")
    ):
        if proposal_id not in last or last[proposal_id][1] < round_:
            last[proposal_id] = (agency_id, round_, satisfaction)
    attr_of = {
        Satisfaction.SATISFIED: "satisfied",
        Satisfaction.BASICALLY: "basically",
        Satisfaction.NOT_SATISFIED: "not_satisfied",
    }
    for agency_id, _round, satisfaction in last.values():
        if keep(agency_id):
            attr = attr_of[satisfaction]
            setattr(rows[agency_id], attr, getattr(rows[agency_id], attr) + 1)
    agencies = Agency.objects.in_bulk(list(rows))
    for agency_id, row in rows.items():
        row.agency = agencies[agency_id]
    return sorted(rows.values(), key=lambda r: (r.agency.sort_order, r.agency.name))


def totals(rows: list[AgencyCounts]) -> AgencyCounts:
    """The sum row (a proposal led by one agency and co-handled by another counts once in
    ``lead`` and once in ``cohandled``)."""
    total = AgencyCounts(agency=None)
    for row in rows:
        for f in fields(total):
            if f.name != "agency":
                setattr(total, f.name, getattr(total, f.name) + getattr(row, f.name))
    return total


def years_with_proposals() -> list[int]:
    return list(Proposal.objects.order_by("-year").values_list("year", flat=True).distinct())


def public_years() -> list[int]:
    return list(
        Proposal.objects.filter(published_on__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
