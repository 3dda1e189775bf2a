"""E-mail to applicants and staff, sent only after the transaction that caused it commits.

The one implementation is ``casework.notify`` (letters and supervision send through it too);
these are its old names, so ``applications.notify.suppressed()`` silences mail sent through
either module.
"""

from __future__ import annotations

from gongkai.casework.notify import send_after_commit, suppressed

__all__ = ["send_after_commit", "suppressed"]
