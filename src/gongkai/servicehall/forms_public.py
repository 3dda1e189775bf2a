"""The rating form a citizen fills in (好差评). The rules live in
``services.ratings.clean_rating_data``; the form only presents the fields, offers the
agency's matters and windows, and puts the service's messages under the right field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.servicehall.models import RatingLevel, Window
from gongkai.servicehall.services.ratings import COMMENT_MAX, clean_rating_data
from gongkai.services.models import Matter

NOT_AT_A_WINDOW = "none"


class RatingForm(forms.Form):
    matter = forms.ChoiceField(label=_("The matter you came for"))
    window = forms.ChoiceField(label=_("Where you were served"), required=False)
    level = forms.ChoiceField(
        label=_("How satisfied are you?"),
        choices=RatingLevel.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX}),
        help_text=_(
            "At most 500 characters. If you are not satisfied, say what went wrong: the agency "
            "verifies it and puts it right. Your comment is not published."
        ),
    )
    contact_phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_(
            "If you are not satisfied and leave a phone number, the agency calls you back with "
            "the result (no text messages are sent). It is never published."
        ),
    )
    contact_email = forms.CharField(
        label=_("E-mail (optional)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "If you leave an e-mail address, the result is sent there. It is never published."
        ),
    )
    captcha = forms.CharField(
        label=_("Verification: the result of the sum in the picture"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(
        self,
        *args,
        agency,
        matters: list[Matter],
        windows: list[Window],
        window: Window | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self._matters = {str(m.pk): m for m in matters}
        self._windows = {str(w.pk): w for w in windows}
        handled_ids = set(window.matters.values_list("pk", flat=True)) if window else set()
        handled = [m for m in matters if m.pk in handled_ids]
        others = [m for m in matters if m.pk not in handled_ids]
        choices: list = [("", _("Choose the matter"))]
        if handled and others:
            choices += [
                (_("Handled at this window"), [(str(m.pk), m.name) for m in handled]),
                (_("Other matters of the agency"), [(str(m.pk), m.name) for m in others]),
            ]
        else:
            choices += [(str(m.pk), m.name) for m in matters]
        self.fields["matter"].choices = choices
        self.fields["matter"].error_messages["required"] = _("Choose the matter you came for.")
        self.fields["window"].choices = [
            (NOT_AT_A_WINDOW, _("Not at a window (online, by phone or elsewhere)"))
        ] + [(str(w.pk), str(w)) for w in windows]
        self.fields["captcha"].error_messages["required"] = _(
            "Enter the result of the sum in the picture."
        )
        self.rating_data: dict = {}

    def chosen_matter(self) -> Matter | None:
        return self._matters.get(self.cleaned_data.get("matter") or self.data.get("matter", ""))

    def chosen_window(self) -> Window | None:
        return self._windows.get(self.cleaned_data.get("window") or "")

    def clean(self):
        cleaned = super().clean()
        raw = {
            name: cleaned.get(name, self.data.get(name, ""))
            for name in ("level", "comment", "contact_phone", "contact_email")
        }
        try:
            self.rating_data = clean_rating_data(
                agency=self.agency,
                matter=self.chosen_matter(),
                window=self.chosen_window(),
                raw=raw,
            )
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                if field in self.errors:
                    continue
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned


class YearForm(forms.Form):
    """The year of the figures (the years that have ratings, up to this one)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
