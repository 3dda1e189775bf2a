"""Supervision models: targets and assessment (``targets``), site self-check (``selfcheck``)."""

from gongkai.supervision.models.selfcheck import (  # noqa: F401
    Finding,
    Rule,
    RunTrigger,
    SelfCheckRun,
    Severity,
)
from gongkai.supervision.models.targets import (  # noqa: F401
    Indicator,
    IndicatorKind,
    Measure,
    Target,
)
