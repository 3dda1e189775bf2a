"""文号 (document numbers), GB/T 9704-2012: 机关代字 + 〔year〕 + serial + 号."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DOC_NUMBER_RE = re.compile(
    r"^(?P<org>[^\s〔〕\[\]【】()（）]+?)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$"
)
WRONG_BRACKETS_RE = re.compile(
    r"^(?P<org>.+?)\s*[\[【(（［](?P<year>\d{4})[\]】)）］]\s*(?P<seq>\d+)号?$"
)


def suggest(value: str) -> str | None:
    """The corrected form of a 文号 written with the wrong brackets or padded serial, if any."""
    m = WRONG_BRACKETS_RE.match(value.strip())
    if not m:
        return None
    return f"{m['org']}〔{m['year']}〕{int(m['seq'])}号"


def validate_doc_number(value: str) -> None:
    value = (value or "").strip()
    if not value:
        return
    if DOC_NUMBER_RE.match(value):
        return
    hint = suggest(value)
    if hint and hint != value:
        raise ValidationError(
            _(
                "A document number puts the year in hexagonal brackets 〔〕 and writes the serial "
                "without leading zeros. Did you mean “%(hint)s”?"
            )
            % {"hint": hint},
            code="doc_number_brackets",
        )
    raise ValidationError(
        _(
            "This does not look like a document number. The usual form is the issuing organ's "
            "code, the year in 〔〕, the serial and 号, for example “蓝政发〔2026〕3号”."
        ),
        code="doc_number_form",
    )
