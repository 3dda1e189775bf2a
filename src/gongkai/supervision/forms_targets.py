"""Forms of the targets and assessment pages. They only clean input: the services in
``gongkai.supervision.services.targets`` check everything again and make the change."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.forms import IndentedCategoryChoiceField
from gongkai.catalog.models import Category
from gongkai.catalog.selectors_staff import category_tree
from gongkai.supervision.models import IndicatorKind, Measure


class TargetForm(forms.Form):
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.choices)
    category = IndentedCategoryChoiceField(
        label=_("Catalog category"),
        queryset=Category.objects.none(),
        required=False,
        help_text=_(
            "Only for “Items published in a catalog category”; the categories below it count too."
        ),
    )
    minimum = forms.IntegerField(
        label=_("Minimum"),
        min_value=0,
        help_text=_("A number of items, or a percentage (0–100) for a share."),
    )
    aimed = forms.IntegerField(
        label=_("Aimed for"),
        min_value=0,
        required=False,
        help_text=_("Optional: the higher value the agency strives for."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("For example the article of the assessment rules the target comes from."),
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        tree = category_tree(agency)
        field = self.fields["category"]
        field.queryset = Category.objects.filter(agency=agency)
        field.depths = {c.pk: d for c, d in tree}
        field.choices = [("", "—")] + [(c.pk, field.label_from_instance(c)) for c, _d in tree]


class IndicatorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Indicator"), choices=IndicatorKind.choices)
    weight = forms.IntegerField(label=_("Points"), min_value=1, max_value=1000)
    deduction = forms.DecimalField(
        label=_("Points off per open finding"),
        required=False,
        min_value=0,
        max_digits=4,
        decimal_places=1,
        help_text=_("Self-check findings only."),
    )
    missing_date_late = forms.BooleanField(
        label=_("Count items without a date formed as late"),
        required=False,
        help_text=_("Publication timeliness only."),
    )

    def params(self) -> dict:
        data = self.cleaned_data
        if data["kind"] == IndicatorKind.SELFCHECK:
            return {"deduction": data.get("deduction") if data.get("deduction") is not None else 1}
        if data["kind"] == IndicatorKind.ITEMS_ON_TIME:
            return {"missing_date_late": bool(data.get("missing_date_late"))}
        return {}
