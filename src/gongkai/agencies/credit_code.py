"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters: registration authority (1), organisation type (1), administrative division (6),
organisation code (9), check character (1). The alphabet is the digits and 21 capital letters
(no I, O, S, V, Z); the check character is computed with the weights below, modulo 31.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (which must already be in the alphabet)."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize(code: str) -> str:
    return (code or "").strip().upper().replace(" ", "")


def validate_credit_code(code: str) -> None:
    """Raise ValidationError with a message that says exactly what is wrong."""
    code = normalize(code)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d.")
            % {"n": len(code)},
            code="length",
        )
    bad = [ch for ch in code if ch not in _VALUE]
    if bad:
        raise ValidationError(
            _(
                "The character “%(ch)s” cannot appear in a unified social credit code "
                "(only digits and capital letters other than I, O, S, V and Z)."
            )
            % {"ch": bad[0]},
            code="alphabet",
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character of this unified social credit code is wrong: "
                "the last character should be “%(expected)s”, not “%(given)s”. "
                "Please check the code for typing errors."
            )
            % {"expected": expected, "given": code[17]},
            code="check",
        )


def make_credit_code(first17: str) -> str:
    """Complete 17 characters with their check character (used by the demo and tests)."""
    first17 = normalize(first17)
    return first17 + check_character(first17)


ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check(first8: str) -> str:
    """Check character of a 9-character organisation code (GB 11714), positions 9–17 of a
    credit code. Not required by GB 32100 validation; used to generate realistic codes."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def generate_credit_code(
    *, division: str, serial: int, authority: str = "1", kind: str = "1"
) -> str:
    """A well-formed code for an invented agency: authority 1 (机构编制), kind 1 (机关)."""
    first8 = f"{serial:08d}"
    org = first8 + org_code_check(first8)
    return make_credit_code(f"{authority}{kind}{division}{org}")
