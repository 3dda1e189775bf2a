"""The forms citizens fill in: the application (Art. 29) and the tracking lookup.

The rules live in ``services.intake.clean_application_data`` (shared with staff
registration); these forms only present the fields and put its messages under the right
field. Nothing here saves anything.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.applications.models import ApplicantKind, DeliveryWanted, FormWanted, IdType
from gongkai.applications.services.intake import APPLICATION_FIELDS, clean_application_data
from gongkai.catalog.files import RejectedFile, check_upload

ATTACHMENT_KINDS = ("pdf", "png", "jpeg")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"

APPLICANT_CHOICES = [
    (ApplicantKind.NATURAL_PERSON.value, ApplicantKind.NATURAL_PERSON.label),
    (
        _("Legal person or other organisation"),  # 法人或其他组织
        [
            (kind.value, kind.label)
            for kind in ApplicantKind
            if kind != ApplicantKind.NATURAL_PERSON
        ],
    ),
]


def _attachment(upload):
    if upload is None:
        return None
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file “%(name)s” is larger than 10 MB."), params={"name": upload.name}
        )
    try:
        kind = check_upload(upload, upload.name, max_bytes=ATTACHMENT_MAX_BYTES)
    except RejectedFile as e:
        raise ValidationError(e.message) from None
    if kind.code not in ATTACHMENT_KINDS:
        raise ValidationError(
            _("The file “%(name)s” is not accepted here: only PDF, PNG and JPEG files are."),
            params={"name": upload.name},
        )
    return upload


class ApplicationForm(forms.Form):
    applicant_kind = forms.ChoiceField(
        label=_("You apply as"), choices=APPLICANT_CHOICES, initial=ApplicantKind.NATURAL_PERSON
    )
    applicant_name = forms.CharField(
        label=_("Name or organisation name"), max_length=100, required=False
    )
    contact_person = forms.CharField(
        label=_("Contact person"),
        max_length=50,
        required=False,
        help_text=_("Organisations only: who we should contact."),
    )
    id_type = forms.ChoiceField(
        label=_("Identity document"),
        choices=IdType.choices,
        initial=IdType.RESIDENT_ID,
        help_text=_("Organisations give their unified social credit code."),
    )
    id_number = forms.CharField(label=_("Identity document number"), max_length=40, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The acknowledgment with your application number and query code is sent here."),
    )
    address = forms.CharField(
        label=_("Postal address"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    info_title = forms.CharField(
        label=_("Information requested"),
        max_length=300,
        required=False,
        help_text=_("The title of the document, or what the information is about."),
    )
    info_doc_number = forms.CharField(
        label=_("Document number of the information (if known)"),
        max_length=100,
        required=False,
        help_text=_("For example 某政发〔2026〕3号."),
    )
    info_description = forms.CharField(
        label=_("Further description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Anything that helps the agency find the information: period, place, subject."),
    )
    form_wanted = forms.ChoiceField(
        label=_("Form in which you want the information"),
        choices=FormWanted.choices,
        widget=forms.RadioSelect,
        initial=FormWanted.PAPER,
    )
    delivery_wanted = forms.ChoiceField(
        label=_("How you want to receive it"),
        choices=DeliveryWanted.choices,
        widget=forms.RadioSelect,
        initial=DeliveryWanted.POST,
    )
    id_proof = forms.FileField(
        label=_("Copy of your identity document (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
        help_text=_("PDF, PNG or JPEG, at most 10 MB. The agency may ask for it later instead."),
    )
    other_file = forms.FileField(
        label=_("Other material (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
    )
    captcha = forms.CharField(
        label=_("Verification: the result of the sum in the picture"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.application_data: dict[str, str] = {}
        self.fields["captcha"].error_messages["required"] = _(
            "Enter the result of the sum in the picture."
        )

    def clean_id_proof(self):
        return _attachment(self.cleaned_data.get("id_proof"))

    def clean_other_file(self):
        return _attachment(self.cleaned_data.get("other_file"))

    def clean(self):
        cleaned = super().clean()
        raw = {name: cleaned.get(name, self.data.get(name, "")) for name in APPLICATION_FIELDS}
        try:
            self.application_data = clean_application_data(raw)
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                if field in self.errors:
                    continue
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned

    def attachments(self) -> list:
        return [
            f for f in (self.cleaned_data.get("id_proof"), self.cleaned_data.get("other_file")) if f
        ]


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Application number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "2026-000123"}),
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
        self.fields["number"].error_messages["required"] = _("Enter the application number.")
        self.fields["query_code"].error_messages["required"] = _("Enter the query code.")
        if not needs_captcha:
            del self.fields["captcha"]
