"""Forms of the staff screens of applications. They only clean input: every change is made by
a service of ``gongkai.applications.services``, called by the view."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.applications.models import ApplicantKind, Channel, Status
from gongkai.applications.outcomes import GROUPS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

ORGANIZATION = "organization"  # filter value: any kind of organisation
OPEN = "open"  # filter value: every open status
ANY = "all"
NATIVE = "native"  # filter value: cases handled in Gongkai
IMPORTED = "imported"  # filter value: cases imported from a ledger


def outcome_groups() -> list[tuple[str, str, list[str]]]:
    """(filter value, label, outcome codes) of each Table 2 group; the value is the codes'
    common prefix: granted, partial, withheld, unavailable, not_handled, other."""
    return [
        (
            outcomes[0].value.rsplit("_", 1)[0] if len(outcomes) > 1 else outcomes[0].value,
            str(label),
            [o.value for o in outcomes],
        )
        for label, outcomes in GROUPS
    ]


def outcome_choices(blank: str | None = None) -> list:
    """The 21 outcomes grouped as in annual-report Table 2 (optgroups)."""
    groups = [(str(label), [(o.value, o.label) for o in outcomes]) for label, outcomes in GROUPS]
    return ([("", blank)] if blank is not None else []) + groups


class ApplicationFilterForm(forms.Form):
    """Filters of the workbench list (GET). An unbound form means "open cases"."""

    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    due_within = forms.IntegerField(
        label=_("Due within (working days)"), required=False, min_value=0, max_value=60
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    # The filters the statistics link to (gongkai.supervision.stats.links).
    outcome_group = forms.ChoiceField(label=_("Outcome group"), required=False)
    timely = forms.ChoiceField(
        label=_("Reply on time"),
        required=False,
        choices=[
            ("", _("Any")),
            ("on_time", _("Replied on time")),
            ("late", _("Replied late")),
            ("no_due", _("No due date")),
        ],
    )
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DATE_INPUT)
    received_to = forms.DateField(label=_("Received until"), required=False, widget=DATE_INPUT)
    replied_from = forms.DateField(label=_("Replied from"), required=False, widget=DATE_INPUT)
    replied_to = forms.DateField(label=_("Replied until"), required=False, widget=DATE_INPUT)
    applicant_kind = forms.ChoiceField(label=_("Applicant"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("Number, name or request"), required=False, max_length=100)
    origin = forms.ChoiceField(
        label=_("Origin"),
        required=False,
        choices=[
            ("", _("Handled here and imported")),
            (NATIVE, _("Handled here")),
            (IMPORTED, _("Imported from a ledger")),
        ],
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = _("All agencies")
        self.fields["status"].choices = [
            (OPEN, _("Open cases")),
            (ANY, _("Any status")),
            *Status.choices,
        ]
        self.fields["outcome"].choices = outcome_choices(_("Any outcome"))
        self.fields["outcome_group"].choices = [("", _("Any outcome group"))] + [
            (key, label) for key, label, _codes in outcome_groups()
        ]
        self.fields["applicant_kind"].choices = [
            ("", _("Any applicant")),
            (ApplicantKind.NATURAL_PERSON, ApplicantKind.NATURAL_PERSON.label),
            (ORGANIZATION, _("Any organisation")),
            *[
                (k, label)
                for k, label in ApplicantKind.choices
                if k != ApplicantKind.NATURAL_PERSON
            ],
        ]
        self.fields["channel"].choices = [("", _("Any channel")), *Channel.choices]
        self.single_agency = agencies.count() <= 1
        if self.single_agency:
            del self.fields["agency"]

    def filters(self) -> dict:
        """The cleaned filters (defaults when the form is unbound or invalid)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "agency": data.get("agency"),
            "status": data.get("status") or OPEN,
            "due_within": data.get("due_within"),
            "overdue": bool(data.get("overdue")),
            "outcome": data.get("outcome") or "",
            "outcome_group": {k: codes for k, _label, codes in outcome_groups()}.get(
                data.get("outcome_group") or "", []
            ),
            "timely": data.get("timely") or "",
            "received_from": data.get("received_from"),
            "received_to": data.get("received_to"),
            "replied_from": data.get("replied_from"),
            "replied_to": data.get("replied_to"),
            "applicant_kind": data.get("applicant_kind") or "",
            "channel": data.get("channel") or "",
            "year": data.get("year"),
            "q": (data.get("q") or "").strip(),
            "origin": data.get("origin") or "",
        }


class RevealIdForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the full number?"),
        max_length=200,
        help_text=_("Recorded in the audit trail with your name and the time."),
    )


# --- intake ---------------------------------------------------------------------------------

OFFLINE_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.ONLINE]


class RegisterForm(forms.Form):
    """An application received offline, as the office types it in (Art. 29 contents and the
    Art. 31 receipt). The service checks everything again and names the problems."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    channel = forms.ChoiceField(label=_("Received by"), choices=OFFLINE_CHANNELS)
    received_on = forms.DateField(
        label=_("Date received"),
        widget=DATE_INPUT,
        help_text=_(
            "In person or orally: the day it was made. Registered post: the day signed for. "
            "Ordinary mail: today, the day it is confirmed with the applicant. Fax or e-mail: "
            "the day both sides confirmed it."
        ),
    )
    receipt_note = forms.CharField(
        label=_("Receipt details"),
        max_length=200,
        required=False,
        help_text=_("For example the tracking number of the registered letter."),
    )
    applicant_kind = forms.ChoiceField(label=_("Applicant"), choices=ApplicantKind.choices)
    applicant_name = forms.CharField(label=_("Name or organisation"), max_length=100)
    id_type = forms.ChoiceField(label=_("Identity document"), choices=[])
    id_number = forms.CharField(label=_("Identity document number"), max_length=40)
    contact_person = forms.CharField(
        label=_("Contact person (organisations)"), max_length=50, required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    address = forms.CharField(label=_("Postal address"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=6, required=False)
    info_title = forms.CharField(label=_("Information requested"), max_length=300)
    info_doc_number = forms.CharField(
        label=_("Document number of the information"), max_length=100, required=False
    )
    info_description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    purpose = forms.CharField(
        label=_("Purpose (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    form_wanted = forms.ChoiceField(label=_("Form"), choices=[])
    delivery_wanted = forms.ChoiceField(label=_("How to receive it"), choices=[])

    def __init__(self, *args, agencies, **kwargs):
        from gongkai.applications.models import DeliveryWanted, FormWanted, IdType

        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.get().pk
            self.fields["agency"].widget = forms.HiddenInput()
        self.fields["id_type"].choices = IdType.choices
        self.fields["form_wanted"].choices = FormWanted.choices
        self.fields["delivery_wanted"].choices = DeliveryWanted.choices

    def application_data(self) -> dict:
        from gongkai.applications.services.intake import APPLICATION_FIELDS

        return {name: self.cleaned_data.get(name, "") for name in APPLICATION_FIELDS}


class ConfirmReceiptForm(forms.Form):
    received_on = forms.DateField(
        label=_("Date both sides confirmed"),
        widget=DATE_INPUT,
        help_text=_(
            "Art. 31: for online, fax and e-mail applications the time limit runs from this day."
        ),
    )


# --- case actions ---------------------------------------------------------------------------
# One small form per action of the case page. Dates default to today (the view sets initial).


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=None)

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers
        self.fields["handler"].label_from_instance = lambda u: u.get_full_name()


class EmptyForm(forms.Form):
    """An action without input (archive, approve, lapse, issue)."""


class CorrectionSendForm(forms.Form):
    what = forms.CharField(
        label=_("What the applicant must supplement"), widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(label=_("Supplement by"), widget=DATE_INPUT)
    sent_on = forms.DateField(label=_("Notice sent on"), widget=DATE_INPUT)


class CorrectionSupplementForm(forms.Form):
    received_on = forms.DateField(label=_("Supplement received on"), widget=DATE_INPUT)
    text = forms.CharField(
        label=_("Supplement"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConsultationSendForm(forms.Form):
    kind = forms.ChoiceField(label=_("Consulted"), choices=[])
    party = forms.CharField(label=_("Name"), max_length=200)
    sent_on = forms.DateField(label=_("Letter sent on"), widget=DATE_INPUT)
    party_received_on = forms.DateField(
        label=_("Received by them on"), widget=DATE_INPUT, required=False
    )

    def __init__(self, *args, **kwargs):
        from gongkai.applications.models import ConsultationKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ConsultationKind.choices


class ConsultationReceivedForm(forms.Form):
    party_received_on = forms.DateField(label=_("Received by them on"), widget=DATE_INPUT)


AGREES_CHOICES = [
    ("", _("Not stated")),
    ("yes", _("Agrees to disclosure")),
    ("no", _("Objects to disclosure")),
]


class ConsultationReplyForm(forms.Form):
    replied_on = forms.DateField(label=_("Replied on"), widget=DATE_INPUT)
    agrees = forms.ChoiceField(label=_("Their answer"), choices=AGREES_CHOICES, required=False)
    summary = forms.CharField(
        label=_("Reply"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def agrees_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("agrees") or "")


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionRefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class FeeNoticeForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=[])
    units = forms.IntegerField(label=_("Items or pages"), min_value=1)
    sent_on = forms.DateField(label=_("Notice sent on"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        from gongkai.applications.fees import FeeMethod

        super().__init__(*args, **kwargs)
        self.fields["method"].choices = FeeMethod.choices


class FeeReceivedForm(forms.Form):
    received_on = forms.DateField(label=_("Notice received on"), widget=DATE_INPUT)


class FeePaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE_INPUT)


class DecideForm(forms.Form):
    """The outcome (one of the 21 rows of Table 2, grouped) and what the reply must say. An
    empty reason means the outcome's standard sentence."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=[])
    reason = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Prefilled with the standard sentence of the outcome; complete or adapt it."),
    )
    provided = forms.CharField(
        label=_("What is provided, and how (granted / partly granted)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    referral_agency = forms.CharField(
        label=_("Agency that holds the information (not held here)"),
        required=False,
        max_length=200,
    )
    referral_contact = forms.CharField(
        label=_("Its contact details"), required=False, max_length=200
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcome_choices(_("Choose an outcome"))


class LetterDraftForm(forms.Form):
    kind = forms.ChoiceField(label=_("Letter"), choices=[])

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds


class LetterUpdateForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("First line the title, second the salutation, then one paragraph per line."),
        strip=False,
    )


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=[])
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DATE_INPUT)
    receipt = forms.CharField(label=_("Receipt or tracking number"), required=False, max_length=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        from gongkai.applications.models import DeliveryMethod

        super().__init__(*args, **kwargs)
        self.fields["method"].choices = DeliveryMethod.choices


class RemedyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    after_reconsideration = forms.BooleanField(
        label=_("Filed after reconsideration"), required=False
    )
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE_INPUT)
    body = forms.CharField(label=_("Reconsideration body or court"), required=False, max_length=200)
    result = forms.ChoiceField(label=_("Result"), choices=[])
    concluded_on = forms.DateField(label=_("Concluded on"), widget=DATE_INPUT, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        from gongkai.applications.models import RemedyKind, RemedyResult

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = RemedyKind.choices
        self.fields["result"].choices = RemedyResult.choices


class RemedyUpdateForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=[])
    concluded_on = forms.DateField(label=_("Concluded on"), widget=DATE_INPUT, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        from gongkai.applications.models import RemedyResult

        super().__init__(*args, **kwargs)
        self.fields["result"].choices = RemedyResult.choices
