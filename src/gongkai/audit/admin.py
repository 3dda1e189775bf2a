"""The audit trail in the Django admin: read-only for everyone, scoped like the audit screen."""

from __future__ import annotations

from django.contrib import admin

from gongkai.accounts.permissions import agencies_where, is_system_admin
from gongkai.audit.models import Event
from gongkai.audit.selectors import events_visible_to


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_name", "agency", "action", "object_repr", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_name", "actor__username", "object_repr", "action"]
    date_hierarchy = "created_at"
    list_select_related = ["agency", "actor"]
    readonly_fields = [f.name for f in Event._meta.fields]
    actions = None

    def get_queryset(self, request):
        return events_visible_to(request.user).select_related("agency", "actor")

    def _may_view(self, request) -> bool:
        user = request.user
        return is_system_admin(user) or agencies_where(user, "audit.view").exists()

    def has_module_permission(self, request) -> bool:
        return self._may_view(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may_view(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
