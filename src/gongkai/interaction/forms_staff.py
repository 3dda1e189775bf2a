"""The forms of the staff screens of letters; each feeds exactly one service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.interaction.models import MessageChannel, MessageKind, NotAcceptedReason


class EmptyForm(forms.Form):
    pass


class NotAcceptForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=NotAcceptedReason.choices)
    note = forms.CharField(
        label=_("Explanation to the writer"), widget=forms.Textarea(attrs={"rows": 3})
    )


class TransferForm(forms.Form):
    to_agency = forms.ModelChoiceField(
        label=_("Agency responsible"), queryset=Agency.objects.filter(is_active=True)
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(forms.Form):
    into_number = forms.CharField(label=_("Number of the earlier letter"), max_length=40)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=None)
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    instructions = forms.CharField(
        label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, handlers=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers
        self.fields["department"].queryset = departments


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 8}))
    submit = forms.BooleanField(label=_("Send for review now"), required=False, initial=True)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve and send the reply")), ("return", _("Return for changes"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note to the handler"), required=False, max_length=1000)


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PublicationForm(forms.Form):
    public_title = forms.CharField(label=_("Public title"), max_length=100)
    public_content = forms.CharField(
        label=_("Public text of the letter"), widget=forms.Textarea(attrs={"rows": 6})
    )
    public_reply = forms.CharField(
        label=_("Public text of the reply"), widget=forms.Textarea(attrs={"rows": 6})
    )


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the public copy: it contains no personal data."),
        required=True,
        error_messages={"required": _("Confirm that the public copy contains no personal data.")},
    )
    cleared = forms.MultipleChoiceField(
        label=_("Findings that may stay (not personal data)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cleared"].choices = [
            (f.fingerprint, f"{f.masked} — {f.message}") for f in findings
        ]
        if not findings:
            del self.fields["cleared"]


class RegisterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Came in by"),
        choices=[c for c in MessageChannel.choices if c[0] not in ("online", "api")],
    )
    received_at = forms.DateTimeField(
        label=_("Received at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    kind = forms.ChoiceField(label=_("Type of letter"), choices=MessageKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    content = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    writer_name = forms.CharField(label=_("Writer's name"), max_length=50, required=False)
    writer_mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    writer_email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    writer_address = forms.CharField(label=_("Address"), max_length=200, required=False)
    publish_consent = forms.BooleanField(label=_("May be published"), required=False)


class MailboxForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    description = forms.CharField(
        label=_("What it takes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    leader = forms.ModelChoiceField(label=_("Leader"), queryset=None, required=False)
    is_open = forms.BooleanField(label=_("Open for letters"), required=False, initial=True)

    def __init__(self, *args, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders


class TimeLimitsForm(forms.Form):
    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in MessageKind.choices:
            self.fields[kind] = forms.IntegerField(
                label=label,
                min_value=1,
                max_value=60,
                initial=(current or {}).get(kind),
            )
