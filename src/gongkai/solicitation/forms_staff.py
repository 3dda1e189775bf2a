"""Forms of the staff screens. They only clean input; the views call the services, whose
ValidationErrors come back onto the field they name."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.catalog.forms import MultipleFileField, body_to_html
from gongkai.catalog.models import PUBLIC_CONDITION, Item
from gongkai.solicitation.files import ACCEPT
from gongkai.solicitation.models import (
    Channel,
    Comment,
    CommentStatus,
    Decision,
    FileRole,
    Kind,
    Solicitation,
)
from gongkai.solicitation.services.solicitations import EDITABLE_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
HEARING_FIELDS = ("hearing_at", "hearing_place", "seats", "signup_instructions")
SOLICITATION_ONLY = ("accepts_online", "comment_email", "comment_address", "comment_postcode")


class SolicitationForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the draft is about and why comments are asked for, in a few lines."),
    )
    draft_html = forms.CharField(
        label=_("Draft text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Simple HTML (paragraphs, headings, tables, lists, links) or plain text; in plain "
            "text every line becomes a paragraph."
        ),
    )
    explanation_html = forms.CharField(
        label=_("Drafting explanation (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    opens_on = forms.DateField(label=_("Open from"), widget=DATE_INPUT)
    closes_on = forms.DateField(
        label=_("Open until"),
        widget=DATE_INPUT,
        help_text=_("Natural days; the first and the last day both count."),
    )
    short_period_reason = forms.CharField(
        label=_("Reason for a period shorter than 30 days"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Major administrative decisions are normally open for comments for at least 30 "
            "days. A shorter period needs a reason; it is recorded and shown publicly."
        ),
    )
    accepts_online = forms.BooleanField(
        label=_("Comments through this website"), required=False, initial=True
    )
    comment_email = forms.EmailField(label=_("E-mail address for comments"), required=False)
    comment_address = forms.CharField(
        label=_("Postal address for comments"), max_length=200, required=False
    )
    comment_postcode = forms.CharField(label=_("Postcode"), max_length=6, required=False)
    contact_department = forms.CharField(
        label=_("Contact department"), max_length=100, required=False
    )
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=50, required=False)
    hearing_at = forms.DateTimeField(
        label=_("Time of the hearing"), required=False, widget=DATETIME_INPUT
    )
    hearing_place = forms.CharField(label=_("Place of the hearing"), max_length=200, required=False)
    seats = forms.IntegerField(label=_("Seats for participants"), required=False, min_value=1)
    signup_instructions = forms.CharField(
        label=_("How to sign up"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who may sign up, and how participants are chosen when there are more."),
    )
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        widget=MultipleFileField.widget(attrs={"accept": ACCEPT}),
        help_text=_("The draft as PDF, OFD, Word or WPS. You may choose several files."),
    )
    file_role = forms.ChoiceField(
        label=_("The files are"), choices=FileRole.choices, initial=FileRole.DRAFT
    )

    def __init__(self, *args, kind: str, agencies=None, solicitation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if solicitation is not None or agencies is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies.order_by("sort_order", "name")
        drop = SOLICITATION_ONLY if kind == Kind.HEARING else HEARING_FIELDS
        for name in drop:
            del self.fields[name]
        if kind == Kind.HEARING:
            self.fields["draft_html"].label = _("The matter of the hearing")
            self.fields["opens_on"].label = _("Registration from")
            self.fields["closes_on"].label = _("Registration until")
            del self.fields["short_period_reason"]

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_draft_html(self):
        return body_to_html(self.cleaned_data.get("draft_html") or "")

    def clean_explanation_html(self):
        return body_to_html(self.cleaned_data.get("explanation_html") or "")

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS if name in self.fields}

    @staticmethod
    def initial_for(s: Solicitation) -> dict:
        initial = {name: getattr(s, name) for name in EDITABLE_FIELDS}
        if s.hearing_at:
            initial["hearing_at"] = timezone.localtime(s.hearing_at)
        return initial


class PublishForm(forms.Form):
    confirm_findings = forms.BooleanField(
        label=_("I have looked at what the privacy check found: it may be published."),
        required=False,
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for ending the period early"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only before the last day has passed; shown publicly."),
    )


class ApproveForm(forms.Form):
    public_text = forms.CharField(
        label=_("Text to be shown"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Remove personal data; everything else stays as the commenter wrote it."),
    )
    confirm_findings = forms.BooleanField(
        label=_("The marked places are not personal data: they may be shown."),
        required=False,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for not showing it"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: advertising, abuse, unrelated to the draft."),
    )


class OfflineCommentForm(forms.Form):
    channel = forms.ChoiceField(label=pgettext_lazy("channel", "Received by"), choices=())
    received_on = forms.DateField(label=_("Received on"), widget=DATE_INPUT)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    section = forms.CharField(
        label=_("Article or section concerned (optional)"), max_length=100, required=False
    )
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c.value, c.label) for c in Channel if c != Channel.ONLINE]
        if kind != Kind.HEARING:
            choices = [c for c in choices if c[0] != Channel.HEARING]
        self.fields["channel"].choices = choices


class CommentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Comment) -> str:
        return f"#{obj.pk} {obj.public_text[:80]}"


class EntryForm(forms.Form):
    summary = forms.CharField(
        label=_("The opinion"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sum up the opinion of the chosen comments as it will be shown publicly."),
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the opinion was not adopted or only partly."),
    )
    comments = CommentChoiceField(
        label=_("Comments answered by this decision"),
        queryset=Comment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, solicitation: Solicitation, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        free = Q(entry__isnull=True)
        if entry is not None:
            free |= Q(entry=entry)
        self.fields["comments"].queryset = solicitation.comments.filter(
            free, status=CommentStatus.APPROVED
        ).order_by("received_on", "pk")


def final_item_choices(solicitation: Solicitation):
    """Published 主动公开 items of the solicitation's agency and the agency above it."""
    agencies = [solicitation.agency_id]
    if solicitation.agency.parent_id:
        agencies.append(solicitation.agency.parent_id)
    return (
        Item.objects.filter(PUBLIC_CONDITION, agency_id__in=agencies)
        .select_related("agency")
        .order_by("-published_date", "-pk")
    )


class FinalItemField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Item) -> str:
        number = f" {obj.doc_number}" if obj.doc_number else ""
        return f"{obj.published_date} {obj.title}{number}"


class FeedbackForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the feedback"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "How the comments were gathered and considered; the figures are added from the records."
        ),
    )
    hearing_record = forms.CharField(
        label=_("Summary of the hearing record"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attended_count = forms.IntegerField(
        label=_("Participants who attended"), required=False, min_value=0
    )
    final_item = FinalItemField(
        label=_("Final document in the catalog"),
        queryset=Item.objects.none(),
        required=False,
        help_text=_("The document as adopted, once it is published in the catalog."),
    )

    def __init__(self, *args, solicitation: Solicitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["final_item"].queryset = final_item_choices(solicitation)
        if solicitation.kind != Kind.HEARING:
            del self.fields["hearing_record"]
            del self.fields["attended_count"]


class FinalItemForm(forms.Form):
    final_item = FinalItemField(
        label=_("Final document in the catalog"), queryset=Item.objects.none(), required=False
    )

    def __init__(self, *args, solicitation: Solicitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["final_item"].queryset = final_item_choices(solicitation)
