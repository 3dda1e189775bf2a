"""Staff API of servicehall (being built)."""

from ninja import Router

from gongkai.api.staff.auth import StaffToken

router = Router(auth=StaffToken(), tags=["staff: servicehall"])
