"""Admin screens for agencies, departments and leaders.

Scoping and permissions come from ``ScopedModelAdmin``; every save goes through
``gongkai.agencies.services`` (which re-checks permission and writes the audit event), so the
admin cannot store what the services would refuse.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.permissions import can, is_system_admin
from gongkai.agencies import services
from gongkai.agencies.models import Agency, Department, Leader
from gongkai.core.admin import ScopedModelAdmin


# --- forms ---------------------------------------------------------------------------------
class AgencyAdminForm(forms.ModelForm):
    """Checks the parent the way ``agency_create``/``agency_update`` will, so a refused move
    shows as a field error instead of failing on save."""

    user = None  # set by AgencyAdmin.get_form

    class Meta:
        model = Agency
        fields = sorted(services.AGENCY_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.fields.get("parent")
        if parent is not None and self.instance.parent_id is not None:
            # The choices are the agencies the user may place agencies under; keeping the
            # current parent must stay possible even when it is above the user's scope.
            parent.queryset = Agency.objects.filter(
                Q(pk__in=parent.queryset.values("pk")) | Q(pk=self.instance.parent_id)
            )

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        instance = self.instance if self.instance.pk else None
        message = services.parent_error(instance, parent)
        if message:
            raise ValidationError(message)
        moved = instance is None or instance.parent_id != (parent.pk if parent else None)
        if moved and self.user is not None:
            if parent is None and not can(self.user, "agency.create_root"):
                raise ValidationError(
                    _("Only a system administrator may place an agency at the top level.")
                )
            if parent is not None and not can(self.user, "agency.change", agency=parent):
                raise ValidationError(_("You may not place agencies under this agency."))
        return parent


def _model_values(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


# --- inlines -------------------------------------------------------------------------------
class ScopedInline:
    """Inline permissions from ``can`` on the parent agency, not Django's model permissions."""

    def has_view_permission(self, request, obj=None):
        return obj is None or can(request.user, "agency.view", agency=obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and can(request.user, "agency.change", agency=obj)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class DepartmentInline(ScopedInline, admin.TabularInline):
    model = Department
    fields = ("name", "duties", "phone", "sort_order")
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "duties":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class LeaderInline(ScopedInline, admin.StackedInline):
    model = Leader
    fields = (("name", "title", "sort_order"), "duties", "biography")
    extra = 0


# --- agencies ------------------------------------------------------------------------------
@admin.register(Agency)
class AgencyAdmin(ScopedModelAdmin):
    agency_path = ""
    form = AgencyAdminForm
    list_display = ("name", "short_name", "credit_code", "kind", "parent", "phone", "is_active")
    list_filter = ("kind", "is_active", ("parent", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "short_name", "credit_code")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    inlines = (LeaderInline, DepartmentInline)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "credit_code", "kind", "parent", "functions")}),
        (
            _("Contact"),
            {
                "fields": (
                    "address",
                    "postcode",
                    "office_hours",
                    "phone",
                    "fax",
                    "email",
                    "website",
                )
            },
        ),
        (
            _("Disclosure office"),
            {
                "classes": ("collapse",),
                "description": _(
                    "Fill in only where the office that handles disclosure work has its own "
                    "name or contact data."
                ),
                "fields": (
                    "disclosure_office_name",
                    "disclosure_address",
                    "disclosure_postcode",
                    "disclosure_office_hours",
                    "disclosure_phone",
                    "disclosure_fax",
                    "disclosure_email",
                ),
            },
        ),
        (_("Display"), {"fields": ("sort_order", "is_active")}),
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        names = [n for n in form.changed_data if n in services.AGENCY_FIELDS]
        if change:
            current = Agency.objects.get(pk=obj.pk)
            services.agency_update(actor=request.user, agency=current, **_model_values(obj, names))
        else:
            fields = [f for f in form.fields if f in services.AGENCY_FIELDS]
            created = services.agency_create(actor=request.user, **_model_values(obj, fields))
            # The inline formsets were built on ``obj``: give it the saved row's state.
            obj.__dict__.update(created.__dict__)

    def save_formset(self, request, form, formset, change):
        """Inline departments and leaders are written through their services, one audit
        event per row."""
        model = formset.model
        allowed = services.DEPARTMENT_FIELDS if model is Department else services.LEADER_FIELDS
        create = services.department_create if model is Department else services.leader_create
        update = services.department_update if model is Department else services.leader_update
        delete = services.department_delete if model is Department else services.leader_delete
        key = "department" if model is Department else "leader"
        agency = form.instance
        with transaction.atomic():
            formset.save(commit=False)
            for obj in formset.deleted_objects:
                delete(actor=request.user, **{key: obj})
            for obj in formset.new_objects:
                created = create(actor=request.user, agency=agency, **_model_values(obj, allowed))
                obj.pk = created.pk
            for obj, changed in formset.changed_objects:
                current = model.objects.select_related("agency").get(pk=obj.pk)
                names = [n for n in changed if n in allowed]
                update(actor=request.user, **{key: current}, **_model_values(obj, names))

    def has_add_permission(self, request) -> bool:
        return is_system_admin(request.user) or super().has_add_permission(request)


# --- departments and leaders ---------------------------------------------------------------
class _AgencyPartAdmin(ScopedModelAdmin):
    """Common ground of the department and leader screens."""

    delete_needs_system_admin = False  # removing a 科室 or a leader is the agency's own work
    autocomplete_fields = ("agency",)
    list_select_related = ("agency",)
    allowed: frozenset[str] = frozenset()
    key = ""

    def _services(self):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        create, update, _delete = self._services()
        if change:
            current = type(obj).objects.select_related("agency").get(pk=obj.pk)
            names = [n for n in form.changed_data if n in self.allowed]
            update(actor=request.user, **{self.key: current}, **_model_values(obj, names))
        else:
            created = create(
                actor=request.user, agency=obj.agency, **_model_values(obj, self.allowed)
            )
            obj.__dict__.update(created.__dict__)

    def delete_model(self, request, obj):
        _create, _update, delete = self._services()
        delete(actor=request.user, **{self.key: obj})

    def get_readonly_fields(self, request, obj=None):
        # The agency of an existing row is fixed: the services have no "move" for it.
        return ("agency",) if obj is not None else ()


@admin.register(Department)
class DepartmentAdmin(_AgencyPartAdmin):
    list_display = ("name", "agency", "phone", "sort_order")
    list_filter = (("agency", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "duties", "agency__name", "agency__short_name")
    fields = ("agency", "name", "duties", "phone", "sort_order")
    allowed = services.DEPARTMENT_FIELDS
    key = "department"

    def _services(self):
        return services.department_create, services.department_update, services.department_delete


@admin.register(Leader)
class LeaderAdmin(_AgencyPartAdmin):
    list_display = ("name", "title", "agency", "sort_order")
    list_filter = (("agency", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "title", "duties", "agency__name", "agency__short_name")
    fields = ("agency", "name", "title", "duties", "biography", "sort_order")
    allowed = services.LEADER_FIELDS
    key = "leader"

    def _services(self):
        return services.leader_create, services.leader_update, services.leader_delete
