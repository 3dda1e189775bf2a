"""Read-only admin screens for system administrators. The calendar is changed through the
staff form (``/staff/workdays/``) or ``gongkai workdays seed``, which validate and audit."""

from __future__ import annotations

from django.contrib import admin

from gongkai.accounts.permissions import is_system_admin
from gongkai.workdays.models import CalendarDay, CalendarYear


class SystemAdminReadOnly(admin.ModelAdmin):
    def has_module_permission(self, request) -> bool:
        return is_system_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_system_admin(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    fields = ("date", "kind", "name")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return is_system_admin(request.user)


@admin.register(CalendarYear)
class CalendarYearAdmin(SystemAdminReadOnly):
    list_display = ("year", "source", "updated_at", "updated_by")
    list_filter = ("source",)
    list_select_related = ("updated_by",)
    inlines = [CalendarDayInline]


@admin.register(CalendarDay)
class CalendarDayAdmin(SystemAdminReadOnly):
    list_display = ("date", "kind", "name", "year")
    list_filter = ("kind", "year")
    search_fields = ("name",)
    date_hierarchy = "date"
