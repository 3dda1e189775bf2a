"""Supervision models: targets and assessment (``targets``), site self-check (``selfcheck``)."""
