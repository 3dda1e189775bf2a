"""Forms of the staff screens of proactive disclosure. They only clean input: every change is
made by a function of ``gongkai.catalog.services``, called by the view."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.catalog.doc_numbers import validate_doc_number
from gongkai.catalog.html import text_to_html
from gongkai.catalog.models import (
    Category,
    CategoryTemplate,
    DisclosureAttribute,
    Guide,
    Item,
    ItemStatus,
    Validity,
)
from gongkai.catalog.selectors_staff import category_tree, interpretable_items

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def body_to_html(value: str) -> str:
    """Simple HTML is kept (the service sanitises it); plain text becomes paragraphs."""
    value = value or ""
    if not value.strip():
        return ""
    if _TAG.search(value):
        return value
    return text_to_html(value)


class DatalistInput(forms.TextInput):
    """A text input offering suggestions from a <datalist> (free text stays possible)."""

    template_name = "catalog/staff/widgets/datalist.html"

    def __init__(self, suggestions, attrs=None):
        super().__init__(attrs)
        self.suggestions = list(suggestions)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}-list"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["list_id"] = list_id
        context["widget"]["suggestions"] = self.suggestions
        return context


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class IndentedCategoryChoiceField(forms.ModelChoiceField):
    """Categories of one agency in tree order, children indented under their parent."""

    def __init__(self, *args, depths: dict[int, int] | None = None, **kwargs):
        self.depths = depths or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        depth = self.depths.get(obj.pk, 0)
        return ("\u3000" * depth) + ("└ " if depth else "") + obj.name


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        number = obj.index_number or ""
        return f"{number} {obj.title}".strip()


class ItemFilterForm(forms.Form):
    """Filters of the staff item list (GET)."""

    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)
    mine = forms.BooleanField(label=_("Only mine"), required=False)
    # The filters the statistics link to (gongkai.supervision.stats.links).
    subtree = forms.BooleanField(label=_("With the categories below it"), required=False)
    section = forms.ChoiceField(label=_("Section"), required=False)
    attribute = forms.ChoiceField(label=_("Disclosure attribute"), required=False)
    published_from = forms.DateField(label=_("Published from"), required=False, widget=DATE_INPUT)
    published_to = forms.DateField(label=_("Published until"), required=False, widget=DATE_INPUT)
    timeliness = forms.ChoiceField(
        label=_("Timeliness"),
        required=False,
        choices=[
            ("", _("Any timeliness")),
            ("on_time", _("Published on time")),
            ("late", _("Published late")),
            ("unknown", _("No date formed")),
        ],
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = _("All agencies")
        self.fields["status"].choices = [("", _("Any status")), *ItemStatus.choices]
        self.fields["attribute"].choices = [("", _("Any attribute")), *DisclosureAttribute.choices]
        self.fields["section"].choices = [("", _("All sections"))] + list(
            CategoryTemplate.objects.filter(parent__isnull=True)
            .order_by("sort_order", "pk")
            .values_list("code", "name")
        )
        agency = None
        raw = self.data.get("agency") if self.is_bound else None
        if raw and str(raw).isdigit():
            agency = agencies.filter(pk=int(raw)).first()
        if agency is not None:
            tree = category_tree(agency)
            self.fields["category"] = IndentedCategoryChoiceField(
                label=_("Category"),
                queryset=Category.objects.filter(agency=agency),
                required=False,
                depths={c.pk: d for c, d in tree},
                empty_label=_("All categories"),
            )
            self.fields["category"].choices = [("", _("All categories"))] + [
                (c.pk, self.fields["category"].label_from_instance(c)) for c, _d in tree
            ]
        else:
            del self.fields["category"]


class ItemForm(forms.Form):
    """An item's content, for a new draft, an edit before publication, and a revision.

    ``agency`` is fixed by the view (the agency switch is a separate GET form); the category
    select and the 政策解读 choices are that agency's.
    """

    category = IndentedCategoryChoiceField(
        label=_("Catalog category"), queryset=Category.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    doc_number = forms.CharField(
        label=_("Document number"),
        max_length=100,
        required=False,
        help_text=_(
            "For example 蓝政发〔2026〕3号: the year in hexagonal brackets 〔〕, the serial without leading zeros."
        ),
    )
    written_date = forms.DateField(label=_("Date written"), required=False, widget=DATE_INPUT)
    formed_on = forms.DateField(
        label=_("Date formed or changed"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "The day the information was formed or last changed. The law requires it to be "
            "published within 20 working days of this day; the due date is calculated from it."
        ),
    )
    subject = forms.CharField(label=_("Subject"), max_length=60, required=False)
    keywords = forms.CharField(
        label=_("Keywords"),
        max_length=200,
        required=False,
        help_text=_("Separate keywords with spaces."),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    validity = forms.ChoiceField(
        label=_("Validity"), choices=Validity.choices, initial=Validity.VALID
    )
    body_html = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Simple HTML (paragraphs, headings, tables, lists, links) or plain text; in plain "
            "text every line becomes a paragraph."
        ),
    )
    disclosure_attribute = forms.ChoiceField(
        label=_("Disclosure attribute"),
        choices=DisclosureAttribute.choices,
        initial=DisclosureAttribute.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_("Internal disclosure items are shown only to staff, never on the public site."),
    )
    publishers = forms.ModelMultipleChoiceField(
        label=_("Other issuing agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Only for a joint document: the other agencies that issued it with yours."),
    )
    interprets = ItemChoiceField(
        label=_("Interprets"),
        queryset=Item.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("For a policy interpretation: the published policy documents it explains."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, OFD, Word, WPS, Excel, images. You may choose several files."),
    )

    def __init__(self, *args, agency: Agency, with_attachments: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        from gongkai.catalog.models import SUBJECT_SUGGESTIONS

        self.agency = agency
        tree = category_tree(agency)
        category = self.fields["category"]
        category.depths = {c.pk: d for c, d in tree}
        category.queryset = Category.objects.filter(agency=agency)
        category.choices = [("", "---------")] + [
            (c.pk, category.label_from_instance(c)) for c, _d in tree
        ]
        self.fields["subject"].widget = DatalistInput(SUBJECT_SUGGESTIONS)
        self.fields["publishers"].queryset = Agency.objects.exclude(pk=agency.pk).order_by(
            "sort_order", "name"
        )
        interpretable = list(interpretable_items(agency).values_list("pk", flat=True))
        self.fields["interprets"].queryset = Item.objects.filter(pk__in=interpretable).order_by(
            "-published_date", "-pk"
        )
        if not with_attachments:
            del self.fields["attachments"]

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_doc_number(self):
        value = (self.cleaned_data.get("doc_number") or "").strip()
        validate_doc_number(value)
        return value

    def clean_body_html(self):
        return body_to_html(self.cleaned_data.get("body_html") or "")

    def service_fields(self) -> dict:
        """Keyword arguments for ``item_create`` / ``item_update`` / ``item_revise``."""
        data = dict(self.cleaned_data)
        data.pop("attachments", None)
        data.pop("category", None)
        data.pop("title", None)
        data["publishers"] = list(data.get("publishers") or [])
        data["interprets"] = list(data.get("interprets") or [])
        return data

    @classmethod
    def initial_for(cls, item: Item) -> dict:
        return {
            "category": item.category_id,
            "title": item.title,
            "doc_number": item.doc_number,
            "written_date": item.written_date,
            "formed_on": item.formed_on,
            "subject": item.subject,
            "keywords": item.keywords,
            "summary": item.summary,
            "validity": item.validity,
            "body_html": item.body_html,
            "disclosure_attribute": item.disclosure_attribute,
            "publishers": [a.pk for a in item.publishers.all() if a.pk != item.agency_id],
            "interprets": [i.pk for i in item.interprets.all()],
        }


class ReviseForm(ItemForm):
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        help_text=_(
            "Shown with the version history, e.g. “Corrected a wrong date in the second paragraph”."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs["with_attachments"] = False
        super().__init__(*args, **kwargs)

    def service_fields(self) -> dict:
        data = super().service_fields()
        data.pop("note", None)
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be changed"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class FindingDecideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it may be published"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class ApproveForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to publish now."),
    )


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=_("Validity"), choices=Validity.choices)
    changed_on = forms.DateField(label=_("Changed on"), widget=DATE_INPUT)
    replaced_by = forms.ModelChoiceField(
        label=_("Replaced by"),
        queryset=Item.objects.none(),
        required=False,
        help_text=_("Only when repealed: the published document that replaces this one."),
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            pks = list(candidates.values_list("pk", flat=True))
            self.fields["replaced_by"].queryset = Item.objects.filter(pk__in=pks).order_by(
                "-published_date", "-pk"
            )
        self.fields["replaced_by"].label_from_instance = lambda obj: (
            f"{obj.index_number or ''} {obj.title}".strip()
        )

    def clean(self):
        data = super().clean()
        if data.get("replaced_by") and data.get("validity") != Validity.REPEALED:
            raise ValidationError(
                {
                    "replaced_by": _(
                        "A replacing document can only be named when this one is repealed."
                    )
                }
            )
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    confirm = forms.BooleanField(
        label=_("I understand that the item leaves the public site, the search and the feeds."),
        error_messages={"required": _("Tick the box to confirm the withdrawal.")},
    )


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "sort_order", "update_period_days", "is_active"]


class GuideForm(forms.ModelForm):
    class Meta:
        model = Guide
        fields = [
            "introduction",
            "proactive_text",
            "on_request_text",
            "fees_text",
            "remedies_text",
            "reconsideration_body",
            "court",
        ]
