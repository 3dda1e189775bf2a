"""Staff API of notices (being built)."""

from ninja import Router

from gongkai.api.staff.auth import StaffToken

router = Router(auth=StaffToken(), tags=["staff: notices"])
