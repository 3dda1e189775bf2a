"""The choice of agency and period on the statistics page (GET)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.supervision.stats.period import Period

MONTHS = [(m, _("Month %(month)s") % {"month": m}) for m in range(1, 13)]
YEARS_BACK = 10


def year_choices(today) -> list[tuple[int, int]]:
    return [(y, y) for y in range(today.year, today.year - YEARS_BACK, -1)]


class StatsForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    month_from = forms.TypedChoiceField(label=_("From month"), coerce=int, choices=MONTHS)
    month_to = forms.TypedChoiceField(label=_("To month"), coerce=int, choices=MONTHS)
    below = forms.BooleanField(label=_("With the agencies below it"), required=False)

    def __init__(self, *args, agencies, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.credit_code, a.name) for a in agencies]
        self.fields["year"].choices = year_choices(today)

    def clean(self):
        data = super().clean()
        first, last = data.get("month_from"), data.get("month_to")
        if first and last and first > last:
            raise forms.ValidationError(_("The first month must not come after the last month."))
        return data

    def period(self) -> Period:
        data = self.cleaned_data
        return Period(data["year"], data["month_from"], data["month_to"])


def period_from_query(query, today) -> Period | None:
    """The period of the page's query string (``year``, ``from``, ``to``); the current year
    when there is none; None when it is not a period the page offers."""
    try:
        year = int(query.get("year") or today.year)
        first = int(query.get("from") or 1)
        last = int(query.get("to") or 12)
        if year not in {y for y, _label in year_choices(today)}:
            return None
        return Period(year, first, last)
    except ValueError:
        return None
