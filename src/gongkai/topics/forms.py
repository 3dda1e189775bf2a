"""Forms of topic requests: the public form, and the staff forms of moderation, routing and
answering. The rules are the services'; their messages come back under the field they name."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.topics.models import AnswerKind, TopicStatus
from gongkai.topics.selectors import PUBLIC_FILTERS
from gongkai.topics.services import clean_topic_data

TOPIC_FIELDS = ("title", "description", "reason", "name", "mobile", "email")

UNSURE = "unsure"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def active_agencies():
    return Agency.objects.filter(is_active=True).order_by("sort_order", "name")


class TopicForm(forms.Form):
    agency = forms.ChoiceField(
        label=_("Agency that should disclose it"),
        help_text=_("Not sure? Choose “I am not sure”: the disclosure office passes it on."),
    )
    title = forms.CharField(
        label=_("Topic"),
        max_length=200,
        required=False,
        help_text=_("In a few words, e.g. 本镇农村公路养护资金使用情况."),
    )
    description = forms.CharField(
        label=_("What should be disclosed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    reason = forms.CharField(
        label=_("Why it matters to you (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Not shown publicly."),
    )
    mobile = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Not shown publicly; the agency may call you about the topic."),
    )
    email = forms.CharField(
        label=_("E-mail (optional)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Not shown publicly; we tell you here when the topic is answered."),
    )
    captcha = forms.CharField(
        label=_("Verification: the result of the sum in the picture"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [
            ("", _("Choose…")),
            (UNSURE, _("I am not sure")),
            *[(str(a.pk), a.name) for a in active_agencies()],
        ]
        self.fields["agency"].error_messages["required"] = _(
            "Choose the agency, or “I am not sure”."
        )
        self.fields["captcha"].error_messages["required"] = _(
            "Enter the result of the sum in the picture."
        )

    def clean(self):
        cleaned = super().clean()
        raw = {name: cleaned.get(name, "") for name in TOPIC_FIELDS}
        try:
            self.topic_data = clean_topic_data(raw)
        except ValidationError as exc:
            self.topic_data = {}
            for field, messages in exc.message_dict.items():
                if field not in self.errors:
                    for message in messages:
                        self.add_error(field if field in self.fields else None, message)
        return cleaned

    def chosen_agency(self) -> Agency | None:
        value = self.cleaned_data.get("agency")
        if not value or value == UNSURE:
            return None
        return active_agencies().filter(pk=value).first()


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    agency = forms.ModelChoiceField(
        label=_("Agency"), required=False, queryset=Agency.objects.none(), empty_label=_("All")
    )
    state = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("support", _("Most supported")), ("newest", _("Newest"))],
    )

    LABELS = {
        "awaiting": _("Awaiting the answer"),
        "will_publish": _("Will be published"),
        "overdue": _("Promised date passed"),
        "published": _("Already published"),
        "cannot": _("Cannot be published"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = active_agencies()
        self.fields["state"].choices = [("", _("All"))] + [
            (key, self.LABELS[key]) for key in PUBLIC_FILTERS
        ]


class ApproveForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=200)
    description = forms.CharField(
        label=_("What should be disclosed"), widget=forms.Textarea(attrs={"rows": 4})
    )
    reason = forms.CharField(
        label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E-mailed to the proposer when an address was given; never public."),
    )


class RouteForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency that should answer"), queryset=None)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class AnswerForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Answer"), choices=AnswerKind.choices, widget=forms.RadioSelect
    )
    promised_by = forms.DateField(
        label=_("Will be published by"),
        required=False,
        widget=DATE,
        help_text=_("For “will be published”."),
    )
    index_number = forms.CharField(
        label=_("Index number of the published information"),
        required=False,
        max_length=100,
        help_text=_(
            "For “already published”: the 索引号 of the item in the catalog, or the link below."
        ),
    )
    url = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=500,
        widget=forms.URLInput(),
        help_text=_("For “already published”, when the information is not in the catalog."),
    )
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “cannot be published”: the reason. Public."),
    )


class StaffFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"), required=False, queryset=Agency.objects.none(), empty_label=_("All")
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["status"].choices = (
            [("", _("All"))] + TopicStatus.choices + [("overdue", _("Promised date passed"))]
        )
