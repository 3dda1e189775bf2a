from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.agencies.models import Agency


@dataclass
class AgencyNode:
    agency: Agency
    children: list[AgencyNode] = field(default_factory=list)


def agency_tree(*, active_only: bool = True) -> list[AgencyNode]:
    """All agencies as a forest, in sort order (one query)."""
    qs = Agency.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    nodes = {a.pk: AgencyNode(a) for a in qs.order_by("sort_order", "name")}
    roots: list[AgencyNode] = []
    for node in nodes.values():
        parent = nodes.get(node.agency.parent_id)
        (parent.children if parent else roots).append(node)
    return roots
