from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency
from gongkai.audit.services import diff, record_event, snapshot
from gongkai.catalog.models import Category, CategoryTemplate, Guide
from gongkai.catalog.standard_template import flatten


def template_ensure() -> int:
    """Create the standard template nodes that are missing (by code). Returns how many."""
    existing = dict(CategoryTemplate.objects.values_list("code", "pk"))
    created = 0
    for code, parent_code, name, period, basis, order in flatten():
        if code in existing:
            continue
        node = CategoryTemplate.objects.create(
            code=code,
            parent_id=existing.get(parent_code) if parent_code else None,
            name=name,
            basis=basis,
            update_period_days=period,
            sort_order=order,
        )
        existing[code] = node.pk
        created += 1
    return created


@transaction.atomic
def catalog_create_from_template(*, actor, agency: Agency) -> int:
    """Give ``agency`` every category of the site template it does not have yet, and a guide.

    Idempotent: categories are matched by template code, so running it again after the
    template gained nodes adds just those. ``actor`` None is the system (demo, import, tick).
    Returns the number of categories created; audited when any were.
    """
    if actor is not None and not can(actor, "catalog.manage", agency=agency):
        raise PermissionDenied
    if not CategoryTemplate.objects.exists():
        template_ensure()
    have = set(
        Category.objects.filter(agency=agency).exclude(code="").values_list("code", flat=True)
    )
    by_template: dict[int, Category] = {
        c.template_id: c for c in Category.objects.filter(agency=agency, template__isnull=False)
    }
    created = 0
    # Parents before children: walk the template depth by depth.
    pending = list(CategoryTemplate.objects.all())
    depth_sorted: list[CategoryTemplate] = []
    placed: set[int | None] = {None}
    while pending:
        ready = [n for n in pending if n.parent_id in placed]
        if not ready:
            break
        for n in sorted(ready, key=lambda n: (n.sort_order, n.pk)):
            depth_sorted.append(n)
            placed.add(n.pk)
        pending = [n for n in pending if n.pk not in placed]
    for node in depth_sorted:
        if node.code in have:
            continue
        parent = by_template.get(node.parent_id) if node.parent_id else None
        category = Category.objects.create(
            agency=agency,
            parent=parent,
            template=node,
            code=node.code,
            name=node.name,
            basis=node.basis,
            update_period_days=node.update_period_days,
            sort_order=node.sort_order,
        )
        by_template[node.pk] = category
        created += 1
    Guide.objects.get_or_create(agency=agency)
    if created:
        record_event(
            actor=actor,
            action="catalog.create_from_template",
            agency=agency,
            data={"created": created},
        )
    return created


@transaction.atomic
def category_save(*, actor, category: Category) -> Category:
    """Create or change one category of an agency's catalog (name, order, period, shown)."""
    if not can(actor, "catalog.manage", agency=category.agency):
        raise PermissionDenied
    if category.parent_id and category.parent.agency_id != category.agency_id:
        raise PermissionDenied
    before = snapshot(Category.objects.get(pk=category.pk)) if category.pk else {}
    category.full_clean()
    category.save()
    record_event(
        actor=actor,
        action="category.save",
        obj=category,
        data={"changes": diff(before, snapshot(category))},
    )
    return category
