"""Staff API of interviews (being built)."""

from ninja import Router

from gongkai.api.staff.auth import StaffToken

router = Router(auth=StaffToken(), tags=["staff: interviews"])
