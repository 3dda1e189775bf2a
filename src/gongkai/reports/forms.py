from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.reports import layout
from gongkai.reports.models import EnteredFigures


class EnteredFiguresForm(forms.ModelForm):
    class Meta:
        model = EnteredFigures
        fields = ["licensing", "penalties", "enforcement", "fees_wan"]
        labels = {
            "licensing": _("Administrative licensing: decisions this year"),
            "penalties": _("Administrative penalties: decisions this year"),
            "enforcement": _("Administrative enforcement: decisions this year"),
            "fees_wan": _("Administrative fees collected this year (10,000 yuan)"),
        }
        help_texts = {
            "fees_wan": _("In 万元, up to four decimal places, e.g. 12.5 for 125,000 yuan."),
        }
        widgets = {
            "fees_wan": forms.NumberInput(attrs={"step": "0.0001", "min": "0"}),
        }

    def clean_fees_wan(self):
        value = self.cleaned_data["fees_wan"]
        if value is not None and value < Decimal("0"):
            raise forms.ValidationError(_("The fee amount cannot be negative."))
        return value


class SectionsForm(forms.Form):
    """The six parts of the text; the tables are not part of it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, heading in layout.SECTIONS:
            self.fields[key] = forms.CharField(
                label=heading,
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_("Leave empty to have this part drafted again from the figures."),
            )


class SubmitForm(forms.Form):
    acknowledge_problems = forms.BooleanField(
        label=_("I have looked at the cases listed under “Problems” and the report may go out."),
        required=False,
    )


class CorrectForm(forms.Form):
    reason = forms.CharField(
        label=_("What the correction changes and why"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImportForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2008, max_value=2100)
    published_on = forms.DateField(
        label=_("Date published"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    file = forms.FileField(
        label=_("Report file"), help_text=_("Our JSON or XLSX, or a DOCX in the official layout.")
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
