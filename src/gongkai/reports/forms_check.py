"""The form of the report check page: which agency and year, and the file.

The file is judged by its content, as attachments are (``catalog.files``): its extension must
be .json, .xlsx or .docx and its content must be of that kind; a renamed PDF, a legacy .doc or a
workbook named .docx is refused with a message saying what it really is.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.reports.readers import DOCX, JSON, XLSX, sniff, unreadable_message

EXTENSIONS = {"json": JSON, "xlsx": XLSX, "docx": DOCX}
KIND_NAMES = {
    JSON: _("JSON file"),
    XLSX: _("Excel workbook (XLSX)"),
    DOCX: _("Word document (DOCX)"),
}


def max_megabytes() -> float:
    return float(getattr(settings, "GONGKAI_REPORT_CHECK_MAX_MB", 10))


def max_bytes() -> int:
    return int(max_megabytes() * 1024 * 1024)


class ReportCheckForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency whose report it is"), queryset=None)
    year = forms.IntegerField(label=_("Year of the report"), min_value=2008, max_value=2100)
    file = forms.FileField(
        label=_("Report file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx,.json"}),
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["file"].help_text = gettext(
            "A DOCX in the official layout, an XLSX as Gongkai exports it, or the JSON form; "
            "at most %(limit)s MB."
        ) % {"limit": f"{max_megabytes():g}"}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name
        if upload.size > max_bytes():
            raise forms.ValidationError(
                gettext(
                    "The file “%(name)s” is %(size).2f MB; at most %(limit)s MB can be checked."
                )
                % {"name": name, "size": upload.size / 1024 / 1024, "limit": f"{max_megabytes():g}"}
            )
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        expected = EXTENSIONS.get(extension)
        content = upload.read()
        upload.seek(0)
        if not content:
            raise forms.ValidationError(gettext("The file “%(name)s” is empty.") % {"name": name})
        actual = sniff(content)
        if expected is None or actual is None:
            if actual is None:
                raise forms.ValidationError(unreadable_message(content, name))
            raise forms.ValidationError(
                gettext(
                    "The file “%(name)s” must be named .docx, .xlsx or .json; its content is of "
                    "type “%(kind)s”."
                )
                % {"name": name, "kind": KIND_NAMES[actual]}
            )
        if actual != expected:
            raise forms.ValidationError(
                gettext(
                    "The file “%(name)s” is not really of type “%(kind)s”: its content is of type "
                    "“%(actual)s”. Give it the extension .%(extension)s and upload it again."
                )
                % {
                    "name": name,
                    "kind": KIND_NAMES[expected],
                    "actual": KIND_NAMES[actual],
                    "extension": actual,
                }
            )
        self.content = content
        return upload
