"""Every change of a matter, its guide versions, the fee list and the life events (one write
path)."""

from gongkai.services.services.drafting import (
    matter_create,
    matter_new_draft,
    version_discard,
    version_update,
)
from gongkai.services.services.fees import fee_item_create, fee_item_update
from gongkai.services.services.life_events import (
    life_event_create,
    life_event_update,
    matter_set_life_events,
)
from gongkai.services.services.review import (
    finding_allow,
    matter_withdraw,
    missing_elements,
    version_approve,
    version_return,
    version_submit,
)

__all__ = [
    "fee_item_create",
    "fee_item_update",
    "finding_allow",
    "life_event_create",
    "life_event_update",
    "matter_create",
    "matter_new_draft",
    "matter_set_life_events",
    "matter_withdraw",
    "missing_elements",
    "version_approve",
    "version_discard",
    "version_return",
    "version_submit",
    "version_update",
]
