"""The tables of the statistics page, in one shape for the HTML page and the XLSX export: a
table is a title, column headings and rows of cells; a cell is a value of a kind (count,
share, working days, text) and, for a figure, the link to the records behind it."""

from __future__ import annotations

from dataclasses import dataclass, field

COUNT = "count"
SHARE = "share"  # a fraction 0…1, shown as a percentage
DAYS = "days"  # an average number of working days
TEXT = "text"


@dataclass(frozen=True)
class Cell:
    value: int | float | str | None
    kind: str = COUNT
    url: str = ""

    @property
    def text(self) -> str:
        if self.value is None:
            return "—"
        if self.kind == SHARE:
            return f"{self.value * 100:.1f}%"
        if self.kind == DAYS:
            return f"{self.value:.1f}"
        return str(self.value)

    @property
    def is_number(self) -> bool:
        return self.kind != TEXT


def count(n: int, url: str = "") -> Cell:
    # A zero links nowhere: there are no records behind it to show.
    return Cell(n, COUNT, url if n else "")


def share(value: float | None) -> Cell:
    return Cell(value, SHARE)


def days(value: float | None) -> Cell:
    return Cell(value, DAYS)


def text(value: str) -> Cell:
    return Cell(value, TEXT)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    depth: int = 0
    total: bool = False


@dataclass
class Table:
    key: str  # also the id of the table on the page
    title: str
    columns: list[str]  # the first heads the row labels
    rows: list[Row] = field(default_factory=list)
    note: str = ""
