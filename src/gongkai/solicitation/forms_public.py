"""The forms the public fills in: a comment on a draft, a registration for a hearing. The
rules live in the services (``clean_comment_data``, ``clean_registration_data``); these forms
present the fields and put the services' messages under the right field. Nothing is saved."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.solicitation.services import clean_comment_data, clean_registration_data


class _PublicForm(forms.Form):
    name = forms.CharField(
        label=pgettext_lazy("person", "Name"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Never shown publicly."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("For the office to contact you if needed; never shown publicly."),
    )
    email = forms.CharField(
        label=_("E-mail (optional)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    captcha = forms.CharField(
        label=_("Verification: the result of the sum in the picture"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    clean_service = staticmethod(clean_comment_data)
    service_fields: tuple[str, ...] = ()
    required_fields: tuple[str, ...] = ("name", "phone")

    def display_fields(self) -> list[tuple]:
        """(bound field, shown as required) for every field but the CAPTCHA."""
        return [
            (self[name], name in self.required_fields) for name in self.fields if name != "captcha"
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.values: dict[str, str] = {}
        self.fields["captcha"].error_messages["required"] = _(
            "Enter the result of the sum in the picture."
        )

    def clean(self):
        cleaned = super().clean()
        raw = {name: cleaned.get(name, self.data.get(name, "")) for name in self.service_fields}
        try:
            self.values = self.clean_service(raw)
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                if field in self.errors:
                    continue
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned


class CommentForm(_PublicForm):
    nickname = forms.CharField(
        label=_("Nickname shown with your comment (optional)"),
        max_length=30,
        required=False,
        help_text=_("Without a nickname your comment is shown as “公众意见”."),
    )
    section = forms.CharField(
        label=_("Article or section concerned (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Article 5")}),
    )
    text = forms.CharField(
        label=_("Your comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        help_text=_(
            "At most 5000 characters. Comments are shown after review; personal data in them "
            "is removed."
        ),
    )

    field_order = ["name", "phone", "email", "nickname", "section", "text", "captcha"]
    clean_service = staticmethod(clean_comment_data)
    service_fields = ("name", "phone", "email", "nickname", "section", "text")
    required_fields = ("name", "phone", "text")


class RegistrationForm(_PublicForm):
    organisation = forms.CharField(
        label=_("Work unit or community (optional)"), max_length=100, required=False
    )
    standpoint = forms.CharField(
        label=_("Main points you intend to make (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
    )

    field_order = ["name", "phone", "email", "organisation", "standpoint", "captcha"]
    clean_service = staticmethod(clean_registration_data)
    service_fields = ("name", "phone", "email", "organisation", "standpoint")
