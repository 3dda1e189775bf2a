"""The staff API under ``/api/v1/staff/``: the same services and permission checks as the
screens, authenticated with a per-person token (``Authorization: Bearer gk_…``)."""
