"""The wrapper every staff screen uses: login required, and a refused permission (from the view
or from a service it calls) shown as the module's 403 page instead of Django's bare one."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render


def staff_view_rendering(template: str):
    """A ``staff_view`` decorator that answers PermissionDenied with ``template`` (status 403)."""

    def staff_view(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                return render(request, template, {}, status=403)

        return login_required(wrapper)

    return staff_view


staff_view = staff_view_rendering("catalog/staff/403.html")
