"""Forms of the internal-disclosure screens. They check what a form can (required fields,
amounts as numbers); the services check everything again."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency, Department
from gongkai.catalog.forms import MultipleFileField, body_to_html
from gongkai.internal.models import InternalItem, InternalKind, InternalStatus, SpendingCategory
from gongkai.internal.tables import BadAmount, RowData, category_label, format_amount, parse_amount

MONTH_CHOICES = [("", "—")] + [(str(m), str(m)) for m in range(1, 13)]


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InternalKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=MONTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Needed for monthly statements and spending reports."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for the usual title, e.g. “2026年5月收支情况”."),
    )
    body_html = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Simple HTML (paragraphs, headings, tables, lists, links) or plain text; in plain "
            "text every line becomes a paragraph."
        ),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Only for these departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every staff member of the agency."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, OFD, Word, WPS, Excel, images. You may choose several files."),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["departments"].queryset = Department.objects.filter(agency=agency)
        if not self.is_bound and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year

    def clean_body_html(self):
        return body_to_html(self.cleaned_data.get("body_html") or "")

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("attachments", None)
        data["departments"] = list(data.get("departments") or [])
        data["title"] = (data.get("title") or "").strip()
        return data

    @staticmethod
    def initial_for(item: InternalItem) -> dict:
        return {
            "kind": item.kind,
            "year": item.year,
            "month": item.month,
            "title": item.title,
            "body_html": item.body_html,
            "departments": [d.pk for d in item.departments.all()],
        }


class AmountField(forms.CharField):
    """An amount in yuan as people type it (``12,345.60``, ``1.2万``); cleans to a Decimal."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "class": "amount", "size": "12"})
        return attrs

    def clean(self, value):
        value = super().clean(value)
        try:
            return parse_amount(value)
        except BadAmount:
            raise forms.ValidationError(
                _("Write an amount in yuan, e.g. 12345.60."), code="amount"
            ) from None


class RowForm(forms.Form):
    label = forms.CharField(label=_("Account or item"), max_length=100, required=False)
    this_month = AmountField(label=_("This month"))
    year_to_date = AmountField(label=_("Year to date"))
    budget = AmountField(label=_("Budget"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        amounts = any(data.get(n) is not None for n in ("this_month", "year_to_date", "budget"))
        if amounts and not (data.get("label") or "").strip():
            self.add_error("label", _("Name the account or item of these amounts."))
        return data

    def row(self) -> RowData:
        d = self.cleaned_data
        return RowData(
            label=d.get("label") or "",
            this_month=d.get("this_month"),
            year_to_date=d.get("year_to_date"),
            budget=d.get("budget"),
            note=d.get("note") or "",
        )


class SpendingRowForm(RowForm):
    """A row of an official-spending table: the line is fixed, the amounts are typed."""

    category = forms.ChoiceField(choices=SpendingCategory.choices, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["label"]

    def clean(self):
        return forms.Form.clean(self)

    @property
    def line(self) -> str:
        code = self.initial.get("category") or self.data.get(self.add_prefix("category"))
        return category_label(code) if code in SpendingCategory.values else ""

    def row(self) -> RowData:
        d = self.cleaned_data
        code = d["category"]
        return RowData(
            label=category_label(code),
            category=code,
            this_month=d.get("this_month"),
            year_to_date=d.get("year_to_date"),
            budget=d.get("budget"),
            note=d.get("note") or "",
        )


RowFormSet = formset_factory(RowForm, extra=0, max_num=200, validate_max=True)
SpendingRowFormSet = formset_factory(SpendingRowForm, extra=0, max_num=20)

BLANK_ROWS = 4


def _amounts(row) -> dict:
    return {
        "this_month": format_amount(row.this_month).replace(",", ""),
        "year_to_date": format_amount(row.year_to_date).replace(",", ""),
        "budget": format_amount(row.budget).replace(",", ""),
        "note": row.note,
    }


def table_formset(item: InternalItem, data=None):
    """The table of ``item`` as a formset: its rows (and a few blank ones), or for a spending
    report one row per spending line."""
    rows = list(item.rows.all())
    if item.kind == InternalKind.SPENDING:
        by_code = {r.category: r for r in rows if r.category}
        initial = []
        for code in SpendingCategory.values:
            values = _amounts(by_code[code]) if code in by_code else {}
            initial.append({"category": code, **values})
        return SpendingRowFormSet(data, initial=initial, prefix="rows")
    initial = [{"label": r.label, **_amounts(r)} for r in rows]
    if not rows:
        from gongkai.internal.tables import FINANCE_TEMPLATE_ROWS

        initial = [{"label": label} for label in FINANCE_TEMPLATE_ROWS]
    initial += [{} for _ in range(BLANK_ROWS)]
    return RowFormSet(data, initial=initial, prefix="rows")


class TableUploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Excel workbook (XLSX)"),
        help_text=_(
            "First sheet: a header row with 科目/项目, 本月, 本年累计, 预算, 备注 and one row per "
            "account. The table replaces the one entered."
        ),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MembershipForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    user = forms.ModelChoiceField(label=_("Staff member"), queryset=User.objects.none())

    def __init__(self, *args, agency: Agency, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(agency=agency)
        self.fields["user"].queryset = staff
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name()}（{u.username}）"


class ListFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds"))] + InternalKind.choices, required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All"))] + InternalStatus.choices,
        required=False,
    )
    unread = forms.BooleanField(label=_("Not read yet"), required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if agencies.count() <= 1:
            del self.fields["agency"]
