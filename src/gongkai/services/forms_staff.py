"""Forms of the staff screens. They only clean input; the views call the services, whose
ValidationErrors come back onto the field they name (``views_staff.common.apply_errors``).

The guide is one page: ``VersionForm`` for the version's own fields and a formset for each
list (legal bases, materials with their files, steps, questions). Blank extra rows are ignored.
"""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Department
from gongkai.services.content import SCALAR_FIELDS
from gongkai.services.files import ACCEPT
from gongkai.services.models import FeeItem, LifeEvent, MaterialForm, MatterVersion

FILE_INPUT = forms.ClearableFileInput(attrs={"accept": ACCEPT})


class VersionForm(forms.ModelForm):
    """The version's own fields. Never saved: the view hands ``cleaned_data`` to a service."""

    result_sample_upload = forms.FileField(
        label=_("Upload a sample of the result"), required=False, widget=FILE_INPUT
    )
    remove_result_sample = forms.BooleanField(
        label=_("Remove the sample of the result"), required=False
    )

    class Meta:
        model = MatterVersion
        fields = [*SCALAR_FIELDS, "department", "fee_items", "note"]
        widgets = {
            "conditions": forms.Textarea(attrs={"rows": 5}),
            "special_procedures": forms.Textarea(attrs={"rows": 2}),
            "fee_basis": forms.Textarea(attrs={"rows": 2}),
            "fee_standard": forms.Textarea(attrs={"rows": 2}),
            "fee_items": forms.CheckboxSelectMultiple,
        }
        labels = {"result_name": _("Handling result")}
        help_texts = {
            "promised_limit": _("0 for a matter handled on the spot."),
            "visits": _("0 when it is handled entirely online; 1 for “at most one visit”."),
            "note": _("For the reviewer and the version history, e.g. “fee rate updated”."),
        }

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = list(agencies or [])
        self.fields["department"].queryset = Department.objects.filter(
            agency__in=agencies
        ).select_related("agency")
        self.fields["fee_items"].queryset = FeeItem.objects.filter(
            agency__in=agencies, is_active=True
        ).select_related("agency")
        if len(agencies) > 1:
            self.fields["department"].label_from_instance = lambda d: f"{d.agency.name} · {d.name}"
            self.fields["fee_items"].label_from_instance = lambda f: f"{f.agency.name} · {f.name}"
        self.fields["statutory_limit"].required = False


class MatterCreateForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, empty_label=None)
    implementation_code = forms.CharField(
        label=_("Implementation code"),
        max_length=80,
        help_text=_("The matter's code in the implementation list (实施清单); it never changes."),
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class BasisForm(forms.Form):
    title = forms.CharField(label=_("Law or regulation"), max_length=200)
    article = forms.CharField(label=_("Articles"), max_length=200, required=False)
    excerpt = forms.CharField(
        label=_("Text of the provision"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    index_number = forms.CharField(
        label=_("Index number of the published item"),
        max_length=60,
        required=False,
        help_text=_(
            "Where the law or regulation is published in the catalog (索引号), to link it."
        ),
    )


class MaterialRowForm(forms.Form):
    name = forms.CharField(label=_("Material"), max_length=200)
    form = forms.ChoiceField(label=_("Form"), choices=MaterialForm.choices)
    copies = forms.IntegerField(label=_("Copies"), min_value=1, max_value=99, initial=1)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    source = forms.CharField(label=_("Where it comes from"), max_length=200, required=False)
    requirements = forms.CharField(
        label=_("Requirements"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    blank_form_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    sample_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    blank_form_upload = forms.FileField(label=_("Blank form"), required=False, widget=FILE_INPUT)
    sample_upload = forms.FileField(label=_("Filled-in sample"), required=False, widget=FILE_INPUT)
    remove_blank_form = forms.BooleanField(label=_("Remove the blank form"), required=False)
    remove_sample = forms.BooleanField(label=_("Remove the sample"), required=False)


class StepForm(forms.Form):
    title = forms.CharField(label=_("Step"), max_length=60)
    description = forms.CharField(
        label=_("What happens"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    time_limit = forms.CharField(label=_("Time for this step"), max_length=100, required=False)


class QuestionForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))


BasisFormSet = formset_factory(BasisForm, extra=1, can_delete=True)
MaterialFormSet = formset_factory(MaterialRowForm, extra=1, can_delete=True)
StepFormSet = formset_factory(StepForm, extra=2, can_delete=True)
QuestionFormSet = formset_factory(QuestionForm, extra=1, can_delete=True)

FORMSETS = (
    ("bases", BasisFormSet),
    ("materials", MaterialFormSet),
    ("steps", StepFormSet),
    ("questions", QuestionFormSet),
)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class NewDraftForm(forms.Form):
    note = forms.CharField(label=_("What will change"), max_length=300, required=False)


class LifeEventsForm(forms.Form):
    life_events = forms.ModelMultipleChoiceField(
        label=_("Life events"),
        queryset=LifeEvent.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class FeeItemForm(forms.ModelForm):
    basis_index_number = forms.CharField(
        label=_("Index number of the published basis"), max_length=60, required=False
    )

    class Meta:
        model = FeeItem
        fields = ["name", "standard", "amount", "unit", "basis", "note", "is_active", "sort_order"]
        widgets = {
            "basis": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class FeeAgencyForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, empty_label=None)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class LifeEventForm(forms.ModelForm):
    class Meta:
        model = LifeEvent
        fields = [
            "name",
            "slug",
            "description",
            "for_natural_persons",
            "for_organizations",
            "sort_order",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"slug": _("Lowercase letters, digits and hyphens, e.g. start-a-business.")}


class ImportForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=None,
        empty_label=None,
        help_text=_("For rows without an agency column."),
    )
    file = forms.FileField(
        label=_("Matters file"),
        help_text=_("CSV (UTF-8 or GBK) or JSON Lines, one matter a row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.jsonl,.ndjson,.json"}),
    )
    materials = forms.FileField(
        label=_("Materials file (optional)"),
        required=False,
        help_text=_("CSV or JSON Lines with one material a row, keyed by implementation code."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.jsonl,.ndjson,.json"}),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file (save nothing)"), required=False, initial=True
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
