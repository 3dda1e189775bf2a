from __future__ import annotations

from types import SimpleNamespace

import pytest

from gongkai.agencies.models import AgencyKind
from tests.factories import AgencyFactory


@pytest.fixture
def county(db):
    """A county government with two bureaus below it, and an agency of another county."""
    gov = AgencyFactory(name="测试县人民政府", kind=AgencyKind.GOVERNMENT)
    return SimpleNamespace(
        gov=gov,
        a=AgencyFactory(name="测试县教育局", parent=gov),
        b=AgencyFactory(name="测试县财政局", parent=gov),
        outside=AgencyFactory(name="邻县人民政府", kind=AgencyKind.GOVERNMENT),
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 at full strength costs ~0.5 s per user; the rules under test do not depend on it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
