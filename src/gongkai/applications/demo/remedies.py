"""The remedies of the applications demo: 行政复议 and 行政诉讼 over a few closed cases."""

from __future__ import annotations

import datetime as dt

from gongkai.applications.demo.base import _BuilderBase
from gongkai.applications.demo.plan import REMEDIES
from gongkai.applications.models import Application, RemedyKind, RemedyResult
from gongkai.applications.services import workflow


class _Remedies(_BuilderBase):
    def remedies(self) -> None:
        """行政复议 upheld and corrected, a lawsuit after reconsideration, one pending."""
        by_outcome: dict[str, list] = {}
        for application, desk, day in self.closed:
            by_outcome.setdefault(application.outcome, []).append((application, desk, day))

        def pick(*wanted):
            for outcome in wanted:
                for case in by_outcome.get(outcome, []):
                    if case[2] < self.today - dt.timedelta(days=150) and case[0] not in picked:
                        picked.append(case[0])
                        return case
            return None

        picked: list[Application] = []
        for outcome, result, lawsuit in REMEDIES:
            case = pick(outcome)
            if case is None:
                continue
            application, desk, replied = case
            filed = replied + dt.timedelta(days=self.rng.randint(20, 50))
            concluded = filed + dt.timedelta(days=self.rng.randint(45, 60))
            review_body = "东海市人民政府" if desk.key == "gov" else "蓝湾县人民政府"
            if result == RemedyResult.PENDING:
                filed = min(filed, self.today - dt.timedelta(days=10))
            workflow.remedy_add(
                actor=desk.handler,
                application=application,
                kind=RemedyKind.RECONSIDERATION,
                filed_on=filed,
                body=review_body,
                result=result,
                concluded_on=None if result == RemedyResult.PENDING else concluded,
                note="责令重新答复。" if result == RemedyResult.CORRECTED else "",
                today=self.today,
            )
            if lawsuit:
                sued = concluded + dt.timedelta(days=self.rng.randint(7, 14))
                workflow.remedy_add(
                    actor=desk.handler,
                    application=application,
                    kind=RemedyKind.LITIGATION,
                    after_reconsideration=True,
                    filed_on=min(sued, self.today),
                    body="蓝湾县人民法院",
                    today=self.today,
                )
