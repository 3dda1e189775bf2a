from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.search import registry
from gongkai.search.backends import Sort
from gongkai.search.models import Validity


class SearchForm(forms.Form):
    """The query string of ``/search/``. Invalid filter values are dropped, not reported: a
    search page should show results for what it understood."""

    q = forms.CharField(label=_("Search for"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    agency = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1949, max_value=2100)
    validity = forms.ChoiceField(
        label=_("Validity"),
        required=False,
        choices=[("", _("Any validity")), *Validity.choices],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(Sort.RELEVANCE, _("Relevance")), (Sort.DATE, _("Date"))],
    )
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All types"))] + [
            (kind, registry.label_for(kind)) for kind in registry.kinds()
        ]
        self.fields["agency"].choices = [("", _("All agencies"))] + list(
            Agency.objects.filter(is_active=True)
            .order_by("sort_order", "name")
            .values_list("pk", "name")
        )

    def cleaned_or_default(self) -> dict:
        """The valid fields; an invalid or missing one has its empty value."""
        data = {"q": "", "kind": "", "agency": None, "year": None, "validity": "", "sort": ""}
        data["page"] = None
        if self.is_bound:
            self.is_valid()
            data.update(self.cleaned_data)
        return data
