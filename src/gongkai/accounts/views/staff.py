"""Staff management for 机关管理员 (own agency) and 系统管理员 (everywhere)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts import services
from gongkai.accounts.forms import (
    PasswordResetForm,
    RoleGrantForm,
    StaffCreateForm,
    StaffProfileForm,
)
from gongkai.accounts.models import RoleAssignment, User
from gongkai.accounts.permissions import (
    agencies_where,
    can_grant_role,
    can_manage_user,
    can_view_user,
    is_system_admin,
)
from gongkai.accounts.selectors import staff_visible_to


def _require_staff_view(user) -> None:
    if not (is_system_admin(user) or agencies_where(user, "staff.view").exists()):
        raise PermissionDenied


def _get_visible_user(actor, pk: int) -> User:
    """The staff member ``pk`` if ``actor`` may see the account; 404 otherwise (missing and
    forbidden look the same)."""
    user = get_object_or_404(User, pk=pk)
    if not can_view_user(actor, user):
        raise Http404
    return user


def _get_managed_user(actor, pk: int) -> User:
    user = _get_visible_user(actor, pk)
    if not can_manage_user(actor, user):
        raise PermissionDenied
    return user


def _apply_errors(form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form's fields where they exist."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = {"password": "new_password1"}.get(field, field)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def staff_list(request):
    actor = request.user
    _require_staff_view(actor)
    agencies = agencies_where(actor, "staff.view").order_by("sort_order", "name")
    agency = None
    agency_id = request.GET.get("agency", "")
    if agency_id.isdigit():
        agency = agencies.filter(pk=int(agency_id)).first()
    query = request.GET.get("q", "")
    qs = staff_visible_to(actor, agency=agency, query=query).annotate(
        has_2fa=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "accounts/staff_list.html",
        {
            "page": page,
            "agencies": agencies,
            "agency": agency,
            "q": query,
            "querystring": params.urlencode(),
            "can_create": is_system_admin(actor) or agencies_where(actor, "staff.manage").exists(),
        },
    )


@sensitive_post_parameters("new_password1", "new_password2")
@login_required
@require_http_methods(["GET", "POST"])
def staff_create(request):
    actor = request.user
    agencies = agencies_where(actor, "staff.manage").order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    initial = {}
    if request.GET.get("agency", "").isdigit():
        initial["agency"] = request.GET["agency"]
    form = StaffCreateForm(request.POST or None, actor=actor, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=actor,
                agency=data["agency"],
                username=data["username"],
                full_name=data["full_name"],
                phone=data["phone"],
                email=data["email"],
                password=data["new_password1"],
                roles=data["roles"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("The staff member %(name)s has been added.") % {"name": user}
            )
            return redirect("accounts:staff_detail", pk=user.pk)
    return render(request, "accounts/staff_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def staff_detail(request, pk: int):
    """The account page: profile (editable by a manager), roles, and account actions."""
    actor = request.user
    user = _get_visible_user(actor, pk)
    may_manage = can_manage_user(actor, user)
    profile_form = StaffProfileForm(
        request.POST or None,
        initial={"full_name": user.full_name, "phone": user.phone, "email": user.email},
    )
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if profile_form.is_valid():
            try:
                services.user_update(actor=actor, user=user, **profile_form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(profile_form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("accounts:staff_detail", pk=user.pk)
    return _render_detail(request, user, profile_form=profile_form)


def _render_detail(request, user, *, profile_form=None, grant_form=None, status=200):
    actor = request.user
    grant_agencies = agencies_where(actor, "staff.manage").order_by("sort_order", "name")
    assignments = [
        (ra, can_grant_role(actor, ra.role, agency=ra.agency))
        for ra in RoleAssignment.objects.filter(user=user)
        .select_related("agency", "granted_by")
        .order_by("agency__sort_order", "agency__name", "role")
    ]
    may_manage = can_manage_user(actor, user)
    if profile_form is None:
        profile_form = StaffProfileForm(
            initial={"full_name": user.full_name, "phone": user.phone, "email": user.email}
        )
    if grant_form is None:
        grant_form = RoleGrantForm(actor=actor, agencies=grant_agencies)
    return render(
        request,
        "accounts/staff_detail.html",
        {
            "person": user,
            "assignments": assignments,
            "may_manage": may_manage,
            "may_grant": is_system_admin(actor) or grant_agencies.exists(),
            "is_system_admin": is_system_admin(actor),
            "profile_form": profile_form,
            "grant_form": grant_form,
            "has_2fa": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        },
        status=status,
    )


@login_required
@require_POST
def role_grant(request, pk: int):
    actor = request.user
    user = _get_visible_user(actor, pk)
    agencies = agencies_where(actor, "staff.manage")
    form = RoleGrantForm(request.POST, actor=actor, agencies=agencies)
    if form.is_valid():
        try:
            services.role_grant(
                actor=actor,
                user=user,
                agency=form.cleaned_data["agency"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The role has been granted."))
            return redirect("accounts:staff_detail", pk=user.pk)
    return _render_detail(request, user, grant_form=form, status=400)


@login_required
@require_POST
def role_revoke(request, pk: int, assignment_pk: int):
    actor = request.user
    user = _get_visible_user(actor, pk)
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user=user)
    try:
        services.role_revoke(actor=actor, user=user, agency=assignment.agency, role=assignment.role)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The role has been taken away."))
    return redirect("accounts:staff_detail", pk=user.pk)


@login_required
@require_POST
def staff_deactivate(request, pk: int):
    actor = request.user
    user = _get_managed_user(actor, pk)
    try:
        services.user_deactivate(actor=actor, user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The account has been switched off."))
    return redirect("accounts:staff_detail", pk=user.pk)


@login_required
@require_POST
def staff_reactivate(request, pk: int):
    actor = request.user
    user = _get_managed_user(actor, pk)
    services.user_reactivate(actor=actor, user=user)
    messages.success(request, _("The account has been switched on again."))
    return redirect("accounts:staff_detail", pk=user.pk)


@sensitive_post_parameters("new_password1", "new_password2")
@login_required
@require_http_methods(["GET", "POST"])
def staff_password(request, pk: int):
    actor = request.user
    user = _get_managed_user(actor, pk)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_set(
                actor=actor, user=user, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            messages.success(
                request,
                _("The password of %(name)s has been reset. Give it to the person in a safe way.")
                % {"name": user},
            )
            return redirect("accounts:staff_detail", pk=user.pk)
    return render(request, "accounts/staff_password.html", {"form": form, "person": user})


@login_required
@require_POST
def staff_otp_reset(request, pk: int):
    """A system administrator removes someone's second-factor device (audited)."""
    actor = request.user
    user = _get_visible_user(actor, pk)
    if not is_system_admin(actor):
        raise PermissionDenied
    services.totp_device_reset(actor=actor, user=user)
    messages.success(
        request,
        _(
            "The two-factor device of %(name)s has been removed; a new one is set up at the next login."
        )
        % {"name": user},
    )
    return redirect("accounts:staff_detail", pk=user.pk)
