"""Every change to the supervision records goes through a module of this package (one per
concept, e.g. ``targets`` for targets and the assessment table)."""
