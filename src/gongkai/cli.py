"""The ``gongkai`` command: Django's manage.py with the project's own verbs.

``gongkai demo``, ``gongkai import agencies FILE``, ``gongkai workdays due 2026-09-24 20`` and
the rest are management commands, so ``gongkai help`` lists them all.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
