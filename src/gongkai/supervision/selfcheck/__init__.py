"""Site self-check (自查) against the 2019 website check indicators a program can judge
(RULES.md §3.1): home page and columns not updated, empty columns, unanswered consultations,
internal links and attachments that do not resolve, items without a publish date or 索引号.

- ``rules``: ``freshness``, ``consultations``, ``links``, ``metadata`` (each a function of a
  ``CheckScope`` yielding ``Found``);
- ``runner.selfcheck_run``: the one write path (findings, audit event, summary e-mail);
- ``consultations.register_consultation_source``: how the interaction module joins in.
"""
