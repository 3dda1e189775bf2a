"""Every app's zh_Hans catalogue is complete and its compiled .mo matches the .po."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "gongkai"
CATALOGUES = sorted(SRC.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))


def test_there_are_catalogues():
    assert {p.parts[-5] for p in CATALOGUES} >= {"portal"}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:5]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:5]}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run `make messages`"
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(mo_path))
    }
    for entry in po.translated_entries():
        got = mo.get((entry.msgctxt, entry.msgid))
        assert got is not None, (
            f"{entry.msgid!r} is not compiled into {mo_path}: run `make messages`"
        )
        if entry.msgid_plural:
            assert {int(k): v for k, v in got[1].items()} == {
                int(k): v for k, v in entry.msgstr_plural.items()
            }
        else:
            assert got[0] == entry.msgstr, (
                f"{entry.msgid!r} compiled differently: run `make messages`"
            )


def test_one_translation_per_message_across_apps():
    """Django merges every app's catalogue and the first app wins, so the same English
    message must read the same in every app (use a context, pgettext, where meanings differ)."""
    seen: dict[str, dict[str, list[str]]] = {}
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)).translated_entries():
            if entry.msgctxt or entry.msgid_plural:
                continue
            seen.setdefault(entry.msgid, {}).setdefault(entry.msgstr, []).append(po_path.parts[-5])
    clashes = {msgid: by for msgid, by in seen.items() if len(by) > 1}
    assert not clashes, clashes
