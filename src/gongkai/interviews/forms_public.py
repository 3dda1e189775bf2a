"""The question form of the public. The rules live in ``services.clean_question`` (the same
for every way a question comes in); the form shows its messages under the right field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.interviews.services import clean_question
from gongkai.interviews.services.questions import CONTACT_MAX, NICKNAME_MAX, TEXT_MAX


class QuestionForm(forms.Form):
    nickname = forms.CharField(
        label=_("Nickname (optional)"),
        max_length=NICKNAME_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        help_text=_("Shown with your question. Leave it empty to appear as “Netizen”."),
    )
    text = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX}),
        help_text=_(
            "At most 500 characters. It appears on the page once a moderator has approved it."
        ),
    )
    contact = forms.CharField(
        label=_("Phone or e-mail (optional)"),
        max_length=CONTACT_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Only the agency sees it, to reach you about your question; it is never published."
        ),
    )
    captcha = forms.CharField(
        label=_("Verification: the result of the sum in the picture"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_data: dict[str, str] = {}
        self.fields["text"].error_messages["required"] = _("Write your question.")
        self.fields["captcha"].error_messages["required"] = _(
            "Enter the result of the sum in the picture."
        )

    def clean(self):
        cleaned = super().clean()
        try:
            self.question_data = clean_question(
                nickname=cleaned.get("nickname", self.data.get("nickname", "")),
                text=cleaned.get("text", self.data.get("text", "")),
                contact=cleaned.get("contact", self.data.get("contact", "")),
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field not in self.errors:
                    for message in messages:
                        self.add_error(field, message)
        return cleaned
