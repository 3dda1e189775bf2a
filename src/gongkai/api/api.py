"""The one API instance, mounted at ``/api/v1/`` (``path("api/v1/", api.urls)``).

The public routers are read-only and anonymous; the staff API, when it comes, joins this
instance under ``/api/v1/staff/`` with its own authentication on its router.
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from gongkai.api import errors
from gongkai.api.docs import SameOriginSwagger
from gongkai.api.routers import agencies, items
from gongkai.api.routers import interaction as public_interaction
from gongkai.api.routers import interviews as public_interviews
from gongkai.api.routers import notices as public_notices
from gongkai.api.routers import proposals as public_proposals
from gongkai.api.routers import servicehall as public_servicehall
from gongkai.api.routers import services as public_services
from gongkai.api.routers import solicitation as public_solicitation
from gongkai.api.routers import topics as public_topics
from gongkai.api.staff import applications as staff_applications
from gongkai.api.staff import interaction as staff_interaction
from gongkai.api.staff import internal as staff_internal
from gongkai.api.staff import interviews as staff_interviews
from gongkai.api.staff import notices as staff_notices
from gongkai.api.staff import proposals as staff_proposals
from gongkai.api.staff import servicehall as staff_servicehall
from gongkai.api.staff import services as staff_services
from gongkai.api.staff import solicitation as staff_solicitation
from gongkai.api.staff import topics as staff_topics


class Utf8JSONRenderer(JSONRenderer):
    """Chinese text as UTF-8 characters rather than ``\\uXXXX`` escapes (half the bytes)."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Gongkai API",
    version="1",
    description=(
        "政府信息公开平台的公开数据接口（只读）：机关名录、政府信息公开目录和已主动公开的信息。"
        "只有已发布且公开属性为“主动公开”的信息出现在这里；日期为 ISO 8601 格式，"
        "错误以 JSON 返回，detail 为说明文字。"
    ),
    urls_namespace="api",
    docs=SameOriginSwagger(),
    docs_url="/docs",
    renderer=Utf8JSONRenderer(),
)
errors.install(api)
api.add_router("", agencies.router)
api.add_router("", items.router)
api.add_router("", public_interaction.router)
api.add_router("", public_solicitation.router)
api.add_router("", public_interviews.router)
api.add_router("", public_proposals.router)
api.add_router("", public_topics.router)
api.add_router("", public_services.router)
api.add_router("", public_servicehall.router)
api.add_router("", public_notices.router)
api.add_router("/staff", staff_applications.router)
api.add_router("/staff", staff_interaction.router)
api.add_router("/staff", staff_solicitation.router)
api.add_router("/staff", staff_interviews.router)
api.add_router("/staff", staff_proposals.router)
api.add_router("/staff", staff_topics.router)
api.add_router("/staff", staff_services.router)
api.add_router("/staff", staff_servicehall.router)
api.add_router("/staff", staff_notices.router)
api.add_router("/staff", staff_internal.router)
