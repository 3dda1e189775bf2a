"""The staff forms of proposals. They present the fields and parse the delegates' lines; the
rules are the services' (their messages come back under the field they name)."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.proposals.models import ProposalKind, ProposalStatus, ReplyCategory, Satisfaction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_SEPARATOR = re.compile(r"[，,\t|｜]")


def parse_delegates(text: str) -> list[tuple[str, str]]:
    """One delegate a line, the lead delegate first: “周明，青石镇代表团” (the 代表团/界别 after a
    comma is optional)."""
    result = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        parts = _SEPARATOR.split(line, maxsplit=1)
        name = parts[0].strip()
        group = parts[1].strip() if len(parts) > 1 else ""
        result.append((name, group))
    return result


def delegates_text(delegates) -> str:
    return "\n".join(f"{d.name}，{d.group}" if d.group else d.name for d in delegates)


def agencies_choice():
    return Agency.objects.filter(is_active=True).order_by("sort_order", "name")


class DelegatesField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Delegates"))
        kwargs.setdefault(
            "help_text",
            _(
                "One a line, the lead delegate first: name, then after a comma the delegation "
                "(代表团) or sector (界别)."
            ),
        )
        super().__init__(**kwargs)


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProposalKind.choices)
    session = forms.CharField(
        label=_("Session"), max_length=100, help_text=_("For example 县十八届人大三次会议.")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(label=_("Number"), min_value=1, help_text=_("123 for 第0123号."))
    title = forms.CharField(label=_("Title"), max_length=300)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}))
    delegates = DelegatesField()
    agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=Agency.objects.none())
    cohandlers = forms.ModelMultipleChoiceField(
        label=_("Co-handling agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    registered_on = forms.DateField(label=_("Registered on"), widget=DATE)
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty for the usual period from the registration date."),
    )

    def __init__(self, *args, lead_agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = (
            lead_agencies if lead_agencies is not None else Agency.objects.none()
        )
        self.fields["cohandlers"].queryset = agencies_choice()
        self.fields["year"].initial = timezone.localdate().year
        self.fields["registered_on"].initial = timezone.localdate()


class EditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}))
    delegates = DelegatesField()
    cohandlers = forms.ModelMultipleChoiceField(
        label=_("Co-handling agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohandlers"].queryset = agencies_choice()


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=None)

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label=_("Co-handling opinion"), widget=forms.Textarea(attrs={"rows": 4})
    )
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)


class DraftForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category of the reply"), choices=ReplyCategory.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Reply text"), widget=forms.Textarea(attrs={"rows": 10}))
    public_interest = forms.BooleanField(
        label=_("The reply concerns the public interest (it may be published)"), required=False
    )


class ApproveForm(forms.Form):
    publish = forms.BooleanField(
        label=_("Publish the reply on the website when it is sent"), required=False
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be changed"), widget=forms.Textarea(attrs={"rows": 3})
    )


class SendForm(forms.Form):
    replied_on = forms.DateField(label=_("Replied on"), widget=DATE)
    document = forms.FileField(
        label=_("Reply document (the signed letter)"),
        required=False,
        help_text=_("PDF, OFD, Word or WPS, at most 20 MB."),
    )


class FeedbackForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("Feedback"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the delegates are not satisfied."),
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE)


class ReopenForm(forms.Form):
    deadline = forms.DateField(
        label=_("New deadline"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty for the usual period from today."),
    )


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class EmptyForm(forms.Form):
    pass


ANY = ""
OVERDUE = "overdue"


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[(ANY, _("All"))] + ProposalKind.choices
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(ANY, _("All")), (OVERDUE, _("Overdue"))] + ProposalStatus.choices,
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), required=False, queryset=Agency.objects.none(), empty_label=_("All")
    )
    q = forms.CharField(label=_("Title or delegate"), required=False, max_length=100)

    def __init__(self, *args, agencies=None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["year"].choices = [("", _("All"))] + [(y, str(y)) for y in years]
