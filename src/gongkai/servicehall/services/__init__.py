"""The write path of servicehall: commitments, windows and their staff cards, ratings and the
rectification of bad ratings. Every function checks the actor's permission, runs in one
transaction and writes its audit event there."""

from ._common import ServiceHallError
from .commitments import commitment_create, commitment_delete, commitment_update
from .ratings import clean_rating_data, rating_submit
from .rectification import (
    rating_contact_view,
    rectification_assign,
    rectification_close,
    rectification_record_callback,
    rectification_refresh_due,
)
from .windows import window_create, window_staff_create, window_staff_update, window_update

__all__ = [
    "ServiceHallError",
    "clean_rating_data",
    "commitment_create",
    "commitment_delete",
    "commitment_update",
    "rating_contact_view",
    "rating_submit",
    "rectification_assign",
    "rectification_close",
    "rectification_record_callback",
    "rectification_refresh_due",
    "window_create",
    "window_staff_create",
    "window_staff_update",
    "window_update",
]
