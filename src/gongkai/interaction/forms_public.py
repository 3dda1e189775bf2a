"""The forms a writer fills in: the letter, the tracking lookup and the rating.

The rules of a letter live in ``services.intake.clean_message_data`` (shared with staff
registration); the form only presents the fields and puts its messages under the right field.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.files import RejectedFile, check_upload
from gongkai.interaction.models import MessageKind, Rating
from gongkai.interaction.services.intake import MESSAGE_FIELDS, clean_message_data

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def _attachment(upload):
    if upload is None:
        return None
    try:
        check_upload(upload, upload.name, max_bytes=ATTACHMENT_MAX_BYTES)
    except RejectedFile as e:
        raise ValidationError(e.message) from None
    return upload


class MessageForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type of letter"),
        choices=MessageKind.choices,
        widget=forms.RadioSelect,
        initial=MessageKind.INQUIRY,
    )
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    content = forms.CharField(
        label=_("Your letter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
        help_text=_(
            "At most 5,000 characters. Say what happened, where and when, and what you ask for."
        ),
    )
    writer_name = forms.CharField(label=_("Your name"), max_length=50, required=False)
    writer_mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("The agency may call you about your letter. It is never published."),
    )
    writer_email = forms.CharField(
        label=_("E-mail (optional)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("If you give one, you get the number, the query code and the reply by e-mail."),
    )
    writer_address = forms.CharField(label=_("Address (optional)"), max_length=200, required=False)
    publish_consent = forms.BooleanField(
        label=_(
            "My letter and the reply may be published on the website (without my name and contact details)."
        ),
        required=False,
    )
    file1 = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, Word, Excel or a picture, at most 10 MB each."),
    )
    file2 = forms.FileField(label=_("Another attachment (optional)"), required=False)
    captcha = forms.CharField(
        label=_("Verification: the result of the sum in the picture"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.message_data: dict = {}
        self.fields["captcha"].error_messages["required"] = _(
            "Enter the result of the sum in the picture."
        )

    def clean_file1(self):
        return _attachment(self.cleaned_data.get("file1"))

    def clean_file2(self):
        return _attachment(self.cleaned_data.get("file2"))

    def clean(self):
        cleaned = super().clean()
        raw = {name: cleaned.get(name, self.data.get(name, "")) for name in MESSAGE_FIELDS}
        raw["publish_consent"] = cleaned.get("publish_consent")
        try:
            self.message_data = clean_message_data(raw)
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                if field in self.errors:
                    continue
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned

    def attachments(self) -> list:
        return [f for f in (self.cleaned_data.get("file1"), self.cleaned_data.get("file2")) if f]


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Letter number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "XJ2026-000123"}),
    )
    query_code = forms.CharField(
        label=_("Query code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    captcha = forms.CharField(
        label=_("Verification: the result of the sum in the picture"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, needs_captcha: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_captcha = needs_captcha
        self.fields["number"].error_messages["required"] = _("Enter the letter number.")
        self.fields["query_code"].error_messages["required"] = _("Enter the query code.")
        if not needs_captcha:
            del self.fields["captcha"]


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How satisfied are you with the reply?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you are with the reply.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
