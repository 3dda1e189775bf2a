"""Every change to the catalog, guides and items goes through these functions."""

from gongkai.catalog.services.categories import catalog_create_from_template, category_save
from gongkai.catalog.services.guide import guide_update
from gongkai.catalog.services.items import (
    WorkflowError,
    finding_decide,
    item_approve,
    item_create,
    item_publish_due,
    item_return,
    item_revise,
    item_set_validity,
    item_submit,
    item_update,
    item_withdraw,
)
from gongkai.catalog.services.numbering import allocate_index_number

__all__ = [
    "WorkflowError",
    "allocate_index_number",
    "catalog_create_from_template",
    "category_save",
    "finding_decide",
    "guide_update",
    "item_approve",
    "item_create",
    "item_publish_due",
    "item_return",
    "item_revise",
    "item_set_validity",
    "item_submit",
    "item_update",
    "item_withdraw",
]
