"""Staff forms: the interview with its guests, host messages, moderation and answers.

The rules are the services'; these forms present the fields and carry the services'
messages back to the right field. Nothing here saves anything.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Leader
from gongkai.interviews.models import Guest
from gongkai.interviews.services import GuestData
from gongkai.interviews.services.interviews import IMAGE_MAX_BYTES, MAX_GUESTS
from gongkai.interviews.services.questions import ANSWER_MAX, MESSAGE_MAX

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _datetime_field(label):
    return forms.DateTimeField(
        label=label,
        widget=DateTimeLocal(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        error_messages={"invalid": _("Enter a date and time, e.g. 2026-05-15 09:30.")},
    )


class InterviewForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the interview is about; shown on the public page."),
    )
    host = forms.CharField(label=_("Host"), max_length=50)
    scheduled_start = _datetime_field(_("Starts at"))
    scheduled_end = _datetime_field(_("Ends at"))
    image = forms.FileField(
        label=_("Picture (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,image/png,image/jpeg"}),
        help_text=_("PNG or JPEG, at most %(mb)d MB.") % {"mb": IMAGE_MAX_BYTES // (1024 * 1024)},
    )
    remove_image = forms.BooleanField(label=_("Remove the picture"), required=False)

    def __init__(self, *args, has_image: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].error_messages["required"] = _("Give the topic of the interview.")
        self.fields["host"].error_messages["required"] = _("Give the name of the host.")
        self.fields["scheduled_start"].error_messages["required"] = _(
            "Give the time the interview starts."
        )
        self.fields["scheduled_end"].error_messages["required"] = _(
            "Give the time the interview ends."
        )
        if not has_image:
            del self.fields["remove_image"]


class GuestForm(forms.Form):
    leader = forms.ModelChoiceField(
        label=_("Leader of the agency"), queryset=Leader.objects.none(), required=False
    )
    name = forms.CharField(label=_("Guest’s name"), max_length=50, required=False)
    post = forms.CharField(label=_("Position"), max_length=100, required=False)

    def __init__(self, *args, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if leaders is not None:
            self.fields["leader"].queryset = leaders
        self.fields["leader"].label_from_instance = lambda leader: f"{leader.title} {leader.name}"


def guest_formset(data=None, *, leaders, guests: list[Guest] = (), prefix="guests"):
    """The guests' rows: the current guests, then empty rows up to three or one more."""
    initial = [{"leader": g.leader_id, "name": g.name, "post": g.post} for g in guests]
    empty = max(3 - len(initial), 1)
    formset_class = forms.formset_factory(
        GuestForm, extra=empty, max_num=MAX_GUESTS, absolute_max=MAX_GUESTS
    )
    return formset_class(
        data, initial=initial or None, prefix=prefix, form_kwargs={"leaders": leaders}
    )


def guests_from(formset) -> list[GuestData]:
    return [
        GuestData(
            name=form.cleaned_data.get("name", ""),
            post=form.cleaned_data.get("post", ""),
            leader=form.cleaned_data.get("leader"),
        )
        for form in formset.forms
        if form.cleaned_data
    ]


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message of the host"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown at once in the stream of the public page."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Write the message.")


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (internal)"), max_length=200, required=False)


class AnswerForm(forms.Form):
    guest = forms.ModelChoiceField(label=_("Answered by"), queryset=Guest.objects.none())
    text = forms.CharField(
        label=_("Answer"), max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, guests=None, **kwargs):
        super().__init__(*args, **kwargs)
        if guests is not None:
            self.fields["guest"].queryset = guests
            first_two = list(guests[:2])
            if len(first_two) == 1:
                self.fields["guest"].initial = first_two[0].pk
        self.fields["guest"].label_from_instance = lambda g: f"{g.post} {g.name}"
        self.fields["guest"].error_messages["required"] = _("Choose the guest who answers.")
        self.fields["text"].error_messages["required"] = _("Write the answer.")


class CorrectForm(forms.Form):
    text = forms.CharField(
        label=_("Corrected answer"), max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
