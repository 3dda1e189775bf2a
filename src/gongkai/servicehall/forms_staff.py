"""The staff forms of the service hall. They present the fields; the rules are in the
services, whose messages the views put under the right field. Nothing here saves anything."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.accounts.models import RoleAssignment, User
from gongkai.accounts.permissions import ROLE_ACTIONS
from gongkai.servicehall.models import (
    CommitmentKind,
    RatingLevel,
    RectificationStatus,
    Window,
)
from gongkai.servicehall.photos import PHOTO_ACCEPT
from gongkai.servicehall.selectors import CASE_STATES
from gongkai.services.models import LimitUnit, Matter, MatterStatus


def agency_matters(agency):
    """The matters of ``agency`` that a commitment or window can name (not withdrawn)."""
    return (
        Matter.objects.filter(agency=agency)
        .exclude(status=MatterStatus.WITHDRAWN)
        .order_by("sort_order", "implementation_code")
    )


class MatterChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Matter) -> str:
        return obj.name


class AgencyChoiceForm(forms.Form):
    """Which agency a new commitment, window or card is for (shown when there are several)."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, empty_label=None)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class CommitmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CommitmentKind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=100,
        required=False,
        help_text=_("Leave empty for a standard commitment: it takes the kind's name."),
    )
    text = forms.CharField(
        label=_("What is promised"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    limit_value = forms.IntegerField(
        label=_("Promised limit"), min_value=1, max_value=365, required=False
    )
    limit_unit = forms.ChoiceField(
        label=_("Unit of the promised limit"), choices=LimitUnit.choices, required=False
    )
    limit_note = forms.CharField(
        label=_("Notes on the limit"),
        max_length=200,
        required=False,
        help_text=_(
            "For example: answered on the spot; or: within the promised limit of each matter."
        ),
    )
    matters = MatterChoices(
        label=_("Matters it concerns"),
        queryset=Matter.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Shown on the website"), required=False, initial=True)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, initial=100)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matters"].queryset = agency_matters(agency)


class WindowForm(forms.Form):
    number = forms.CharField(label=_("Window number"), max_length=20, required=False)
    name = forms.CharField(label=_("Window name"), max_length=100, required=False)
    location = forms.CharField(
        label=_("Where"),
        max_length=200,
        required=False,
        help_text=_("For example: county service centre, ground floor, east hall."),
    )
    matters = MatterChoices(
        label=_("Matters handled"),
        queryset=Matter.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Open to the public"), required=False, initial=True)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, initial=100)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matters"].queryset = agency_matters(agency)


class WindowChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Window) -> str:
        return str(obj)


class CardForm(forms.Form):
    window = WindowChoice(label=_("Window"), queryset=Window.objects.none(), required=False)
    name = forms.CharField(label=_("Name on the card"), max_length=50, required=False)
    staff_number = forms.CharField(label=_("Staff number"), max_length=20, required=False)
    post = forms.CharField(
        label=pgettext_lazy("window staff", "Post"), max_length=100, required=False
    )
    duties = forms.CharField(
        label=_("Duties"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    supervision_phone = forms.CharField(
        label=_("Supervision phone"),
        max_length=50,
        required=False,
        help_text=_("The number the public calls about this person's work (published)."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
        help_text=_(
            "PNG or JPEG, at most 5 MB; a head-and-shoulders portrait. It is stored without "
            "its metadata, at most 600 × 800 pixels."
        ),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
    is_active = forms.BooleanField(
        label=_("At work (card published)"), required=False, initial=True
    )
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, initial=100)

    def __init__(self, *args, agency, has_photo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = Window.objects.filter(agency=agency).order_by(
            "sort_order", "number"
        )
        if not has_photo:
            del self.fields["remove_photo"]


def rectifiers(agency):
    """Active staff who may verify and rectify the agency's ratings (its own roles)."""
    roles = [role for role, actions in ROLE_ACTIONS.items() if "rating.rectify" in actions]
    ids = RoleAssignment.objects.filter(agency=agency, role__in=roles).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "username")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class AssignForm(forms.Form):
    handler = PersonChoice(label=_("Handled by"), queryset=User.objects.none())

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = rectifiers(agency)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Result of the verification"),
        choices=[
            (RectificationStatus.RECTIFIED.value, _("Substantiated: rectified")),
            (RectificationStatus.UNFOUNDED.value, _("Not substantiated")),
        ],
        widget=forms.RadioSelect,
    )
    verification = forms.CharField(
        label=_("What the verification found"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    result = forms.CharField(
        label=_("What was done, or why the rating is not substantiated"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("The rater is e-mailed this text when an e-mail address was left."),
    )


class CallbackForm(forms.Form):
    note = forms.CharField(
        label=_("Notes on the call"),
        max_length=300,
        required=False,
        help_text=_("For example: told the result; the rater agreed."),
    )


class CaseFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Cases"),
        required=False,
        choices=[
            ("open", _("Being verified")),
            ("overdue", _("Overdue")),
            ("closed", _("Closed")),
            ("all", _("All")),
        ],
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=None, required=False, empty_label=_("All agencies")
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean_state(self):
        state = self.cleaned_data.get("state") or "open"
        return state if state in CASE_STATES else "open"


class RatingFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=None, required=False, empty_label=_("All agencies")
    )
    level = forms.ChoiceField(
        label=_("Rating"), required=False, choices=[("", _("All levels")), *RatingLevel.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
