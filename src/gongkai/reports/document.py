"""What a rendered annual report is made of: the figures, last year's, and the text.

``ReportDocument`` is the one input of every renderer (DOCX, XLSX, PDF, HTML). The figures are
the JSON form documented in ``docs/annual-report-json.md``::

    {"agency": "蓝湾县教育局", "year": 2026,
     "table1": {"规章": [issued, abolished, valid], "行政规范性文件": [...],
                "行政许可": n, "行政处罚": n, "行政强制": n, "行政事业性收费_万元": 1.25},
     "table2": {"一": [7 ints], "二": [...], "三.一": [...], …, "三.七": [...], "四": [...]},
     "table3": [15 ints]}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

Figures = dict[str, Any]


@dataclass
class ReportDocument:
    agency: str  # the agency's full name, as in the title
    year: int
    figures: Figures  # the JSON form above
    previous: Figures | None = None  # last year's figures in the same form, when known
    sections: dict[str, str] = field(default_factory=dict)  # layout.SECTION_KEYS → text
    published_on: dt.date | None = None
    version: int = 1
    correction_reason: str = ""  # shown when version > 1
    draft: bool = False  # renderers mark a draft as such

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"
