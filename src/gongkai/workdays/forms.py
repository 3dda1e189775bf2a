from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.workdays.arrangement_text import (
    ArrangementTextError,
    make_up_example,
    parse_make_up_days,
    parse_rest_periods,
    rest_example,
)


class YearArrangementForm(forms.Form):
    """The State Council arrangement of one year, as typed text. Parsing only: the form
    has no save(); the view hands the cleaned data to ``services.calendar_year_set``."""

    rest_periods = forms.CharField(
        label=_("Rest periods"),
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
    )
    make_up_days = forms.CharField(
        label=_("Make-up working days"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, year: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["rest_periods"].help_text = gettext(
            "One holiday period a line: the name, then the first and last rest day, e.g. "
            "“%(example)s”. A single date is fine too."
        ) % {"example": rest_example(year)}
        self.fields["make_up_days"].help_text = gettext(
            "One line per holiday: the name, then the Saturdays or Sundays that are working "
            "days, e.g. “%(example)s”."
        ) % {"example": make_up_example(year)}
        self.fields["note"].help_text = _(
            "For example the number of the State Council General Office notice."
        )

    def clean_rest_periods(self) -> dict[dt.date, str]:
        try:
            return parse_rest_periods(self.cleaned_data["rest_periods"], year=self.year)
        except ArrangementTextError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def clean_make_up_days(self) -> dict[dt.date, str]:
        rest = self.cleaned_data.get("rest_periods")
        try:
            return parse_make_up_days(
                self.cleaned_data["make_up_days"],
                year=self.year,
                rest_days=rest if isinstance(rest, dict) else None,
            )
        except ArrangementTextError as exc:
            raise forms.ValidationError(exc.messages) from exc


class CalculatorForm(forms.Form):
    """The staff calculator: start + N working days, and working days between A and B."""

    start = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    n = forms.IntegerField(label=_("Working days"), required=False, min_value=0, max_value=2000)
    a = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    b = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
