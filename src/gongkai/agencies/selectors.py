"""Reads of the agency directory. Each function runs a fixed number of queries, whatever the
number of agencies, departments or leaders."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from gongkai.agencies.models import Agency, AgencyKind, Department, Leader


@dataclass
class AgencyNode:
    agency: Agency
    children: list[AgencyNode] = field(default_factory=list)


@dataclass
class KindGroup:
    """The children of one agency that are of one kind (e.g. the towns under a county)."""

    kind: str
    label: str
    nodes: list  # AgencyNode or Agency, as given to group_by_kind


def agency_tree(*, active_only: bool = True) -> list[AgencyNode]:
    """All agencies as a forest, in sort order (one query).

    With ``active_only`` an inactive agency is left out and the agencies below it hang from
    its nearest active ancestor, so a bureau that was wound up does not hide its institutions.
    """
    agencies = list(Agency.objects.order_by("sort_order", "name"))
    parent_of = {a.pk: a.parent_id for a in agencies}
    nodes = {a.pk: AgencyNode(a) for a in agencies if a.is_active or not active_only}
    roots: list[AgencyNode] = []
    for node in nodes.values():
        parent_id = node.agency.parent_id
        seen = {node.agency.pk}
        while parent_id is not None and parent_id not in nodes and parent_id not in seen:
            seen.add(parent_id)
            parent_id = parent_of.get(parent_id)
        parent = nodes.get(parent_id) if parent_id not in seen else None
        (parent.children if parent else roots).append(node)
    return roots


def group_by_kind(items: list[AgencyNode] | list[Agency]) -> list[KindGroup]:
    """Tree nodes or agencies grouped by agency kind, in the order of ``AgencyKind``, empty
    groups left out."""
    groups = []
    for kind in AgencyKind:
        members = [
            item
            for item in items
            if (item.agency if isinstance(item, AgencyNode) else item).kind == kind.value
        ]
        if members:
            groups.append(KindGroup(kind=kind.value, label=kind.label, nodes=members))
    return groups


def agency_search(*, q: str = "", kind: str = "") -> QuerySet[Agency]:
    """Active agencies whose full or short name contains ``q``, of ``kind`` when given (one
    query, parents joined)."""
    qs = Agency.objects.filter(is_active=True).select_related("parent")
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(credit_code=q.upper()))
    if kind in AgencyKind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by("sort_order", "name")


def public_agency(credit_code: str) -> Agency | None:
    """An active agency with its parent, leaders, departments and active children (four
    queries), or None."""
    return (
        Agency.objects.filter(credit_code=credit_code, is_active=True)
        .select_related("parent")
        .prefetch_related(
            Prefetch("leaders", queryset=Leader.objects.order_by("sort_order", "pk")),
            Prefetch("departments", queryset=Department.objects.order_by("sort_order", "name")),
            Prefetch(
                "children",
                queryset=Agency.objects.filter(is_active=True).order_by("sort_order", "name"),
            ),
        )
        .first()
    )


def agency_ancestors(agency: Agency) -> list[Agency]:
    """The agencies above ``agency``, top first (two queries, whatever the depth)."""
    parents = dict(Agency.objects.values_list("pk", "parent_id"))
    chain: list[int] = []
    parent_id = agency.parent_id
    while parent_id is not None and parent_id not in chain and parent_id != agency.pk:
        chain.append(parent_id)
        parent_id = parents.get(parent_id)
    if not chain:
        return []
    by_id = Agency.objects.in_bulk(chain)
    return [by_id[pk] for pk in reversed(chain) if pk in by_id]
