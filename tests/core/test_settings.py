"""Production settings refuse to start unsafely, each time with a one-line reason."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

GOOD_KEY = "k" * 20 + "-Very-Random-Secret-0123456789"


def _start(env_overrides: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "GONGKAI_ENV", "ALLOWED_HOSTS"}
    }
    env.update({"GONGKAI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "gongkai.settings"})
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"GONGKAI_ENV": "production", "ALLOWED_HOSTS": "gk.example.cn"}, "needs SECRET_KEY"),
        (
            {
                "GONGKAI_ENV": "production",
                "SECRET_KEY": GOOD_KEY,
                "DEBUG": "1",
                "ALLOWED_HOSTS": "gk.example.cn",
            },
            "DEBUG must be off",
        ),
        (
            {"GONGKAI_ENV": "production", "SECRET_KEY": "short", "ALLOWED_HOSTS": "gk.example.cn"},
            "at least 32 characters",
        ),
        ({"GONGKAI_ENV": "production", "SECRET_KEY": GOOD_KEY}, "needs ALLOWED_HOSTS"),
        ({"GONGKAI_ENV": "staging"}, "GONGKAI_ENV must be"),
    ],
)
def test_production_refuses_to_start_unsafely(overrides, reason, tmp_path):
    result = _start(overrides, tmp_path)
    assert result.returncode != 0
    assert "started" not in result.stdout
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert reason in last_line


def test_production_starts_with_safe_settings(tmp_path):
    result = _start(
        {"GONGKAI_ENV": "production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "gk.example.cn"},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
    # Production never writes a generated secret to disk.
    assert not (tmp_path / "secret_key").exists()


def test_development_generates_and_reuses_a_secret(tmp_path):
    first = _start({}, tmp_path)
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    second = _start({}, tmp_path)
    assert second.returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_database_and_cache_come_from_the_environment(tmp_path):
    env = {
        "DATABASE_URL": "postgresql://gk:pw@db.internal:5433/gongkai",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
        "TIME_ZONE": "Asia/Urumqi",
        "LANGUAGE_CODE": "en",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['HOST'], d['PORT'], d['NAME']); "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION']); "
        "print(s.TIME_ZONE, s.LANGUAGE_CODE)"
    )
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    base.update(
        {"GONGKAI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "gongkai.settings", **env}
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=base, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "django.db.backends.postgresql db.internal 5433 gongkai"
    assert lines[1] == "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/3"
    assert lines[2] == "Asia/Urumqi en"


def test_default_database_is_sqlite_in_wal_mode_under_var(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "print(connection.settings_dict['NAME'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"GONGKAI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "gongkai.settings"})
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    mode, name = out.stdout.split()
    assert mode == "wal"
    assert name == str(tmp_path / "gongkai.sqlite3")
