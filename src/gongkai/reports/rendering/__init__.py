"""The annual report as files and HTML: DOCX, XLSX, PDF and HTML fragments.

Every renderer is a pure function of a ``ReportDocument`` (no database, no clock). The three
official tables and their "与上年对比" companions are laid out once, as grids of cells with
their spans (``tables``), and each format draws those grids, so the four outputs agree cell for
cell.
"""
