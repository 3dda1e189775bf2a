"""The filters of the public list of published letters and the year of the figures (GET)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.interaction.models import MessageKind

# 举报 are never published: not a choice of the public filters.
PUBLIC_KINDS = [(k, label) for k, label in MessageKind.choices if k != MessageKind.REPORT]


class PublishedFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.filter(is_active=True).order_by("sort_order", "name"),
        required=False,
        to_field_name="credit_code",
        empty_label=_("All agencies"),
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *PUBLIC_KINDS]
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
