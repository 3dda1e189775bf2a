"""Admin screens of the catalog.

- The site-wide catalog template (标准目录模板) is for system administrators only.
- Agencies' categories are scoped by ``ScopedModelAdmin``; a save goes through
  ``services.category_save`` (which re-checks permission and writes the audit event).
- Items are listed read-only: every change goes through the workflow screens
  (/staff/catalog/), which call the services with their review and audit rules.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.permissions import agencies_where, is_system_admin
from gongkai.catalog.models import Category, CategoryTemplate, Item
from gongkai.catalog.services import category_save
from gongkai.core.admin import ScopedModelAdmin


@admin.register(CategoryTemplate)
class CategoryTemplateAdmin(admin.ModelAdmin):
    list_display = ("code", "indented_name", "parent", "update_period_days", "basis", "sort_order")
    list_editable = ("update_period_days", "sort_order")
    list_select_related = ("parent",)
    search_fields = ("code", "name", "basis")
    ordering = ("code",)  # dotted codes: a parent sorts right before its children
    fields = ("parent", "code", "name", "basis", "update_period_days", "sort_order")

    @admin.display(description=_("name"), ordering="name")
    def indented_name(self, obj: CategoryTemplate) -> str:
        depth = obj.code.count(".")
        return ("\u3000" * depth) + ("└ " if depth else "") + obj.name

    def has_module_permission(self, request) -> bool:
        return is_system_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_system_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return is_system_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_system_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_system_admin(request.user)


@admin.register(Category)
class CategoryAdmin(ScopedModelAdmin):
    agency_path = "agency"
    view_action = "item.view_staff"
    change_action = "catalog.manage"
    list_display = (
        "name",
        "agency",
        "parent",
        "code",
        "update_period_days",
        "sort_order",
        "is_active",
    )
    list_filter = ("is_active",)
    list_select_related = ("agency", "parent")
    search_fields = ("name", "code", "agency__name")
    fields = (
        "agency",
        "parent",
        "name",
        "code",
        "basis",
        "update_period_days",
        "sort_order",
        "is_active",
    )
    readonly_fields = ("code", "basis")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return (*self.readonly_fields, "agency")
        return self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent" and not is_system_admin(request.user):
            kwargs["queryset"] = Category.objects.filter(
                agency__in=agencies_where(request.user, self.change_action).values("pk")
            ).select_related("agency")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        category_save(actor=request.user, category=obj)  # checks permission, audits


@admin.register(Item)
class ItemAdmin(ScopedModelAdmin):
    """Read-only: drafting, review, publication and withdrawal happen on the workflow screens."""

    agency_path = "agency"
    view_action = "item.view_staff"
    change_action = "item.draft"
    list_display = ("title", "agency", "category", "status", "index_number", "published_date")
    list_filter = ("status", "validity", "disclosure_attribute")
    list_select_related = ("agency", "category")
    search_fields = ("title", "index_number", "doc_number")
    date_hierarchy = "published_date"
    exclude = ("body_html", "body_text")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
