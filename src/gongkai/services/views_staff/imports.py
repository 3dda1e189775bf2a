"""The staff screen of the import: upload a matters file (and a materials file), check it or
import it, and read what happened to every line. Calls the importer of ``gongkai import
matters`` with the user as actor, so "service.import" is checked for every row's agency."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gongkai.accounts.permissions import agencies_where
from gongkai.core.importing import ImportFileError, line_message
from gongkai.core.staff_views import staff_view
from gongkai.services.forms_staff import ImportForm
from gongkai.services.importers import import_matters

SUFFIXES = (".csv", ".jsonl", ".ndjson", ".json")


def _save(upload, folder: Path, name: str) -> Path:
    suffix = Path(upload.name).suffix.lower()
    path = folder / f"{name}{suffix if suffix in SUFFIXES else '.csv'}"
    with open(path, "wb") as f:
        for chunk in upload.chunks():
            f.write(chunk)
    return path


@staff_view
@require_http_methods(["GET", "POST"])
def import_view(request):
    agencies = agencies_where(request.user, "service.import").order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    result = None
    if request.method == "POST" and form.is_valid():
        with tempfile.TemporaryDirectory() as folder:
            main = _save(form.cleaned_data["file"], Path(folder), "matters")
            materials = (
                _save(form.cleaned_data["materials"], Path(folder), "materials")
                if form.cleaned_data.get("materials")
                else ""
            )
            try:
                result = import_matters(
                    main,
                    dry_run=form.cleaned_data["dry_run"],
                    agency=form.cleaned_data["agency"].credit_code,
                    materials=materials,
                    actor=request.user,
                    with_files=False,
                )
            except ImportFileError as exc:
                form.add_error("file", str(exc))
    return render(
        request,
        "services/staff/import.html",
        {
            "form": form,
            "result": result,
            "errors": [line_message(p.line, p.message) for p in result.sorted_errors()]
            if result
            else [],
            "subnav": "import",
        },
    )
