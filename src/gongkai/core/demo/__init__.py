"""The demo county: a fictional 蓝湾县 with its government, bureaus, towns and staff.

Everything here is invented: the county, its agencies, people and texts. Later modules add
their own demo data by appending a builder to ``BUILDERS``.
"""

from gongkai.applications.demo import build_applications
from gongkai.catalog.demo import build_catalog
from gongkai.core.demo.county import build_county
from gongkai.hotline.demo import build_hotline
from gongkai.interaction.demo import build_interaction
from gongkai.internal.demo import build_internal
from gongkai.interviews.demo import build_interviews
from gongkai.notices.demo import build_notices
from gongkai.proposals.demo import build_proposals
from gongkai.reports.demo import build_reports
from gongkai.servicehall.demo import build_servicehall
from gongkai.services.demo import build_services
from gongkai.solicitation.demo import build_solicitation
from gongkai.supervision.demo_selfcheck import build_selfcheck
from gongkai.supervision.demo_targets import build_targets
from gongkai.topics.demo import build_topics

# Each builder is called in order by ``gongkai demo``; the first one builds the county.
# The self-check comes last: it checks what the others built.
BUILDERS = [
    build_county,
    build_catalog,
    build_applications,
    build_interaction,
    build_hotline,
    build_solicitation,
    build_interviews,
    build_proposals,
    build_topics,
    build_services,
    build_servicehall,
    build_notices,
    build_internal,
    build_reports,
    build_targets,
    build_selfcheck,
]
