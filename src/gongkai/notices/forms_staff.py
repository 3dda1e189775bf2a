"""Forms of the staff screens. They only clean input; the views call the services, whose
ValidationErrors come back onto the field they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.catalog.forms import body_to_html
from gongkai.notices.models import Channel, Counting, Finding, Kind, Notice, Outcome
from gongkai.notices.rules import DEFAULT_PERIODS, kind_period
from gongkai.notices.services.notices import EDITABLE_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def kind_help() -> str:
    """The period of every kind, for the help text of the kind field."""
    parts = []
    for kind in DEFAULT_PERIODS:
        days, counting = kind_period(kind)
        if counting == Counting.WORKING:
            parts.append(_("%(kind)s: %(n)s working days") % {"kind": Kind(kind).label, "n": days})
        else:
            parts.append(_("%(kind)s: %(n)s days") % {"kind": Kind(kind).label, "n": days})
    return " / ".join(str(p) for p in parts)


class NoticeForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of notice"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    body_html = forms.CharField(
        label=_("Text of the notice"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Simple HTML (paragraphs, tables, lists) or plain text; in plain text every line "
            "becomes a paragraph. ID numbers of the persons named must be masked."
        ),
    )
    starts_on = forms.DateField(label=_("First day of the period"), widget=DATE_INPUT)
    period_days = forms.IntegerField(
        label=_("Length of the period"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for the length of the kind; a longer period is possible."),
    )
    ends_on = forms.DateField(
        label=_("Last day of the period"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty to have it computed from the first day and the length."),
    )
    end_reason = forms.CharField(
        label=_("Reason for a different last day"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the last day is later than the computed one; shown publicly."),
    )
    contact_department = forms.CharField(label=_("Department receiving objections"), max_length=100)
    objection_phone = forms.CharField(
        label=_("Phone for objections"), max_length=50, required=False
    )
    objection_address = forms.CharField(
        label=_("Address for objections"), max_length=200, required=False
    )
    accepts_online = forms.BooleanField(
        label=_("Objections through this website"), required=False, initial=True
    )

    def __init__(self, *args, agencies=None, notice: Notice | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].help_text = kind_help()
        if notice is not None or agencies is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies.order_by("sort_order", "name")

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_body_html(self):
        return body_to_html(self.cleaned_data.get("body_html") or "")

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS if name in self.fields}

    @staticmethod
    def initial_for(n: Notice) -> dict:
        return {name: getattr(n, name) for name in EDITABLE_FIELDS}


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What has to change"), widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    confirm_findings = forms.BooleanField(
        label=_("I have looked at what the privacy check found; it may be published."),
        required=False,
    )


class ResultForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Result"), choices=Outcome.choices)
    text = forms.CharField(
        label=_("Text of the result"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Published on the notice's page; no personal data of those who objected."),
    )
    correction_reason = forms.CharField(
        label=_("Reason for correcting the result"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm_findings = forms.BooleanField(
        label=_("I have looked at what the privacy check found; it may be published."),
        required=False,
    )

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not correcting:
            del self.fields["correction_reason"]


class ObjectionEntryForm(forms.Form):
    channel = forms.ChoiceField(
        label=pgettext_lazy("channel", "Received by"),
        choices=[(v, label) for v, label in Channel.choices if v != Channel.ONLINE],
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE_INPUT)
    name = forms.CharField(
        label=pgettext_lazy("notice", "Name (optional)"), max_length=50, required=False
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    text = forms.CharField(label=_("The objection"), widget=forms.Textarea(attrs={"rows": 4}))


class HandleForm(forms.Form):
    finding = forms.ChoiceField(label=_("Finding"), choices=Finding.choices)
    reply_note = forms.CharField(
        label=_("How it was verified and answered"), widget=forms.Textarea(attrs={"rows": 4})
    )
