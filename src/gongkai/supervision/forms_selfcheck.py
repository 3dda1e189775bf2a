"""Forms of the self-check pages: the findings list's filters and the run-now button."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.supervision.models.selfcheck import Rule, Severity

SITE = "site"


def _agency_choices(agencies: list[Agency], *, site: bool, empty: str | None) -> list:
    choices: list = [("", empty)] if empty is not None else []
    if site:
        choices.append((SITE, _("The site as a whole")))
    choices.extend((str(a.pk), a.name) for a in agencies)
    return choices


class FindingFilterForm(forms.Form):
    """Filters of the findings list (GET). An agency outside the user's scope is invalid."""

    agency = forms.ChoiceField(label=_("Agency"), required=False)
    rule = forms.ChoiceField(label=_("Rule"), required=False)
    severity = forms.ChoiceField(label=_("Severity"), required=False)
    resolved = forms.BooleanField(label=_("Resolved findings"), required=False)

    def __init__(self, *args, agencies: list[Agency], site: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["agency"].choices = _agency_choices(
            agencies, site=site, empty=_("All agencies")
        )
        self.fields["rule"].choices = [("", _("All rules")), *Rule.choices]
        self.fields["severity"].choices = [("", _("Any severity")), *Severity.choices]

    def scope(self) -> tuple[Agency | None, bool]:
        """(agency, whether the site itself was chosen) from the cleaned data."""
        value = self.cleaned_data.get("agency") or ""
        return self.agencies.get(value), value == SITE


class RunForm(forms.Form):
    """Run the check now for one agency (and those below it) or the whole site."""

    agency = forms.ChoiceField(label=_("Scope of the check"))

    def __init__(self, *args, agencies: list[Agency], site: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["agency"].choices = _agency_choices(agencies, site=site, empty=None)

    def target(self) -> Agency | None:
        """The agency chosen; None for the whole site."""
        return self.agencies.get(self.cleaned_data["agency"])
