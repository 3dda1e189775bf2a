"""Django admin for accounts: system administrators only. Changes made here are audited in
the same transaction; staff are switched off, never deleted (audit events refer to them)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import RoleAssignment, User
from gongkai.accounts.permissions import is_system_admin
from gongkai.audit.services import diff, record_event, snapshot

AUDITED_USER_FIELDS = [
    "username",
    "full_name",
    "phone",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
]


class SystemAdminOnly:
    def has_module_permission(self, request) -> bool:
        return is_system_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_system_admin(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return is_system_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_system_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_system_admin(request.user)


class RoleAssignmentInline(SystemAdminOnly, admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["agency", "role", "granted_by", "granted_at"]
    readonly_fields = ["granted_by", "granted_at"]
    autocomplete_fields: list[str] = []


@admin.register(User)
class UserAdmin(SystemAdminOnly, BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    list_filter = ["is_active", "roles__role"]
    search_fields = ["username", "full_name", "email", "phone"]
    ordering = ["username"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal details"), {"fields": ("full_name", "phone", "email")}),
        (_("Status"), {"fields": ("is_active", "is_superuser", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")},
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = {}
            if change:
                old = User.objects.filter(pk=obj.pk).first()
                before = snapshot(old, AUDITED_USER_FIELDS) if old else {}
            super().save_model(request, obj, form, change)
            record_event(
                actor=request.user,
                action="staff.admin_update" if change else "staff.admin_create",
                obj=obj,
                data={"changes": diff(before, snapshot(obj, AUDITED_USER_FIELDS))},
            )

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            for obj in formset.save(commit=False):
                if obj.pk is None:
                    obj.granted_by = request.user
                obj.save()
            for obj in formset.deleted_objects:
                obj.delete()
            formset.save_m2m()
            added = [str(o) for o in formset.new_objects]
            changed = [str(o) for o, _fields in formset.changed_objects]
            deleted = [str(o) for o in formset.deleted_objects]
            if added or changed or deleted:
                record_event(
                    actor=request.user,
                    action="role.admin_save",
                    obj=form.instance,
                    data={"added": added, "changed": changed, "deleted": deleted},
                )

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=id)
                record_event(actor=request.user, action="staff.password_reset", obj=user)
            return response


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["user", "agency", "role", "granted_by", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "agency__name"]
    list_select_related = ["user", "agency", "granted_by"]
    raw_id_fields = ["user"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = snapshot(RoleAssignment.objects.get(pk=obj.pk)) if change else {}
            if not change:
                obj.granted_by = request.user
            super().save_model(request, obj, form, change)
            record_event(
                actor=request.user,
                action="role.admin_save",
                obj=obj.user,
                agency=obj.agency,
                data={"role": obj.role, "changes": diff(before, snapshot(obj))},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            record_event(
                actor=request.user,
                action="role.revoke",
                obj=obj.user,
                agency=obj.agency,
                data={"role": obj.role, "agency": obj.agency},
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
