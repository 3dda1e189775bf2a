"""The objection form of the public. The rules live in ``rules.clean_objection`` (through the
service's ``clean_objection_data``); this form presents the fields and puts the messages under
the right field. Nothing is saved here."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.notices.rules import TEXT_MAX_CHARS
from gongkai.notices.services import clean_objection_data


class ObjectionForm(forms.Form):
    name = forms.CharField(
        label=pgettext_lazy("notice", "Your name (optional)"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Read only by the agency; never shown publicly."),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("So that the agency can tell you what its verification found."),
    )
    text = forms.CharField(
        label=_("Your objection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": TEXT_MAX_CHARS}),
        help_text=_(
            "What you know, as concretely as you can (who, when, what), so that it can be "
            "verified. At most 3000 characters."
        ),
    )
    captcha = forms.CharField(
        label=_("Verification: the result of the sum in the picture"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    required_fields = ("text",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.values: dict[str, str] = {}
        self.fields["captcha"].error_messages["required"] = _(
            "Enter the result of the sum in the picture."
        )

    def display_fields(self) -> list[tuple]:
        """(bound field, shown as required) for every field but the CAPTCHA."""
        return [
            (self[name], name in self.required_fields) for name in self.fields if name != "captcha"
        ]

    def clean(self):
        cleaned = super().clean()
        raw = {name: cleaned.get(name, "") for name in ("name", "phone", "text")}
        try:
            self.values = clean_objection_data(raw)
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned
