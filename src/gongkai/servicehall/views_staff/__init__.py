"""Staff screens of the service hall, mounted at /staff/servicehall/: ``home`` (what needs
doing), ``commitments`` and ``windows`` (the 机关管理员's upkeep of commitments, windows and
staff cards with their printable badges), ``ratings`` (the ratings, the rectification cases
with the overdue list, and one case with its steps)."""
