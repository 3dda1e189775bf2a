"""What the staff views of proposals share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

from gongkai.proposals.models import Proposal
from gongkai.proposals.permissions import can_view_proposal


def get_proposal(request, pk: int) -> Proposal:
    """The proposal ``pk`` if the user may see it; 404 otherwise (missing and forbidden alike)."""
    proposal = (
        Proposal.objects.select_related("agency", "handler", "registered_by")
        .prefetch_related("cohandlings__agency", "delegates")
        .filter(pk=pk)
        .first()
    )
    if proposal is None or not can_view_proposal(request.user, proposal):
        raise Http404
    return proposal


def apply_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: on the field it names, else above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
