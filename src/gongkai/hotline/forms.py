"""Forms of the hotline's staff screens. They only take input apart; the services check and
change it (``gongkai.hotline.services``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.hotline.counts import PERIOD_KINDS
from gongkai.hotline.models import ContactKind
from gongkai.hotline.services import clean_contact_data
from gongkai.interaction.models import MessageKind, Rating

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

ANSWER = "answer"
WORK_ORDER = "work_order"
LATER = "later"


def _agency_choices(queryset):
    return queryset.order_by("sort_order", "name")


class WorkOrderFields(forms.Form):
    """What a work order needs beyond the call itself (shared by the quick form and the
    record page's own form)."""

    title = forms.CharField(
        label=_("Title of the work order"),
        required=False,
        max_length=100,
        help_text=_("One line, e.g. 某小区路灯不亮. Empty: the start of the summary."),
    )
    to_agency = forms.ModelChoiceField(
        label=_("Dispatch to"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— handled by our own agency —"),
    )
    dispatch_reason = forms.CharField(label=_("Why that agency"), required=False, max_length=500)
    publish_consent = forms.BooleanField(
        label=_("The caller agrees that the letter and reply may be published (without name)"),
        required=False,
    )

    def __init__(self, *args, dispatch_agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if dispatch_agencies is not None:
            self.fields["to_agency"].queryset = _agency_choices(dispatch_agencies)

    def work_order_title(self, summary: str) -> str:
        title = (self.cleaned_data.get("title") or "").strip()
        if title:
            return title
        first = " ".join((summary or "").split())
        return first[:30] + ("…" if len(first) > 30 else "")


class ContactForm(WorkOrderFields):
    """The quick form used during a call or visit: the matter, then its outcome. The fields
    come in the order of the conversation, the first one has the focus, and everything works
    with the keyboard alone."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    kind = forms.ChoiceField(
        label=_("Call or visit"),
        choices=ContactKind.choices,
        widget=forms.RadioSelect,
        initial=ContactKind.CALL,
    )
    started_at = forms.DateTimeField(label=_("Time"), widget=DATETIME_INPUT)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes, calls)"), required=False, min_value=0
    )
    visitors = forms.IntegerField(
        label=_("Number of visitors (visits)"), required=False, min_value=1, initial=1
    )
    caller_name = forms.CharField(
        label=_("Caller's name"),
        required=False,
        max_length=50,
        help_text=_("Empty for an anonymous caller."),
    )
    caller_phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    category = forms.ChoiceField(label=_("Type of matter"), choices=MessageKind.choices)
    summary = forms.CharField(
        label=_("What the caller wants"), widget=forms.Textarea(attrs={"rows": 4})
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (ANSWER, _("Answered on the spot")),
            (WORK_ORDER, _("Work order (handled as a letter)")),
            (LATER, _("Decide later")),
        ],
        widget=forms.RadioSelect,
        initial=ANSWER,
    )
    answer = forms.CharField(
        label=_("Answer given"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    field_order = [
        "agency",
        "kind",
        "started_at",
        "caller_phone",
        "caller_name",
        "visitors",
        "duration_minutes",
        "category",
        "urgent",
        "summary",
        "outcome",
        "answer",
        "title",
        "to_agency",
        "dispatch_reason",
        "publish_consent",
    ]

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agency_choices(agencies)
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()
            self.fields["agency"].widget = forms.HiddenInput()
        self.fields["caller_phone"].widget.attrs.update(
            {"autofocus": True, "inputmode": "tel", "autocomplete": "off"}
        )
        self.fields["caller_name"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == ANSWER and not (data.get("answer") or "").strip():
            self.add_error("answer", _("Write down the answer given."))
        # Every problem at once: the service's own checks (it checks again when saving).
        try:
            clean_contact_data(self.contact_data(), now=timezone.now())
        except ValidationError as exc:
            for name, errors in exc.error_dict.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, errors)
        return data

    def contact_data(self) -> dict:
        names = (
            "kind",
            "started_at",
            "duration_minutes",
            "visitors",
            "caller_name",
            "caller_phone",
            "category",
            "summary",
            "urgent",
        )
        return {name: self.cleaned_data.get(name) for name in names}


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer given"), widget=forms.Textarea(attrs={"rows": 4}))


class WorkOrderForm(WorkOrderFields):
    kind = forms.ChoiceField(label=_("Type of letter"), choices=MessageKind.choices)


class FollowUpForm(forms.Form):
    reached = forms.TypedChoiceField(
        label=_("Caller reached"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"),
        choices=[("", _("— not reached —")), *Rating.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DayForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE_INPUT, required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("All my agencies"),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agency_choices(agencies)


class CountsForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("All my agencies"),
        to_field_name="credit_code",
    )
    period = forms.ChoiceField(label=_("Period"), choices=list(PERIOD_KINDS.items()))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    n = forms.IntegerField(label=_("Quarter or month"), required=False, min_value=1, max_value=12)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agency_choices(agencies)
