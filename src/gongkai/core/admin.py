"""The staff admin site and the base class that scopes every admin screen by agency.

Any active person holding a role may open ``/admin/``; what each screen shows and allows is
decided by ``gongkai.accounts.permissions.can`` on the object's agency, never by Django's
model permissions. Saves and deletions made through the admin are audited in the same
transaction (Django's admin wraps each change form in ``transaction.atomic``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.permissions import agencies_where, can, has_any_role, is_system_admin
from gongkai.audit.services import diff, record_event, snapshot


class GongkaiAdminSite(admin.AdminSite):
    site_header = _("Gongkai administration")
    site_title = _("Gongkai administration")
    index_title = _("Administration")
    index_template = "admin/gongkai_index.html"

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_authenticated and has_any_role(user))

    def each_context(self, request):
        context = super().each_context(request)
        from django.utils import timezone

        from gongkai.workdays.selectors import missing_calendar_warning

        context["calendar_warning"] = missing_calendar_warning(timezone.localdate())
        return context


class ScopedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rows belong to an agency.

    ``agency_path`` is the lookup from the model to its agency (``""`` when the model *is*
    the agency). ``view_action`` and ``change_action`` name the actions checked with ``can``.
    """

    agency_path = "agency"
    view_action = "agency.view"
    change_action = "agency.change"
    delete_needs_system_admin = True

    # --- scope -------------------------------------------------------------------------
    def agency_of(self, obj):
        if obj is None:
            return None
        if not self.agency_path:
            return obj
        value = obj
        for part in self.agency_path.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_system_admin(request.user):
            return qs
        allowed = agencies_where(request.user, self.view_action)
        key = f"{self.agency_path}__in" if self.agency_path else "pk__in"
        return qs.filter(**{key: allowed.values("pk")})

    def has_module_permission(self, request) -> bool:
        return agencies_where(request.user, self.view_action).exists()

    def has_view_permission(self, request, obj=None) -> bool:
        if obj is None:
            return agencies_where(request.user, self.view_action).exists()
        return can(request.user, self.view_action, agency=self.agency_of(obj))

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return agencies_where(request.user, self.change_action).exists()
        return can(request.user, self.change_action, agency=self.agency_of(obj))

    def has_add_permission(self, request) -> bool:
        return agencies_where(request.user, self.change_action).exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        if self.delete_needs_system_admin:
            return is_system_admin(request.user)
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from gongkai.agencies.models import Agency

        if db_field.related_model is Agency and not is_system_admin(request.user):
            kwargs["queryset"] = agencies_where(request.user, self.change_action)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another agency's object and a missing one look the same: 404, never a hint.
        from django.http import Http404

        raise Http404

    # --- audited writes ----------------------------------------------------------------
    def _event_name(self, verb: str) -> str:
        return f"{self.model._meta.model_name}.{verb}"

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before: dict[str, Any] = {}
            if change and obj.pk:
                old = type(obj).objects.filter(pk=obj.pk).first()
                before = snapshot(old) if old else {}
            super().save_model(request, obj, form, change)
            record_event(
                actor=request.user,
                action=self._event_name("update" if change else "create"),
                obj=obj,
                agency=self.agency_of(obj),
                data={"changes": diff(before, snapshot(obj))},
            )

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            parent = form.instance
            changed = [
                str(o) for o in formset.new_objects + [o for o, _f in formset.changed_objects]
            ]
            deleted = [str(o) for o in formset.deleted_objects]
            if changed or deleted:
                record_event(
                    actor=request.user,
                    action=f"{formset.model._meta.model_name}.save",
                    obj=parent,
                    agency=self.agency_of(parent),
                    data={"saved": changed, "deleted": deleted},
                )

    def delete_model(self, request, obj):
        with transaction.atomic():
            record_event(
                actor=request.user,
                action=self._event_name("delete"),
                obj=obj,
                agency=self.agency_of(obj),
                data={"deleted": snapshot(obj)},
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
