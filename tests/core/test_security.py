from __future__ import annotations

import os
import subprocess
import sys

from django.test import Client

from tests.conftest import PASSWORD


def test_login_is_limited_after_repeated_failures(world, settings):
    settings.LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        response = client.post("/inloggen/", {"username": "alice", "password": "fout"})
        assert response.status_code == 200
    blocked = client.post("/inloggen/", {"username": "alice", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Te veel mislukte pogingen" in blocked.content.decode()


def test_a_good_login_lands_on_my_families(world):
    response = Client().post("/inloggen/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"


def test_pages_require_login(world):
    response = Client().get(f"/gezinnen/{world.family.pk}/")
    assert response.status_code == 302 and "/inloggen/" in response.url


def test_csrf_is_enforced_on_changes(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice.user)
    response = client.post(f"/gezinnen/{world.family.pk}/bewerken/", {"display_name": "X"})
    assert response.status_code == 403


def _settings_check(env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "BRUG_TESTING")
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault("
            "'DJANGO_SETTINGS_MODULE','brug.settings'); django.setup()",
        ],
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = _settings_check({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_starts_in_production_with_a_secret_key():
    assert _settings_check(
        {"DEBUG": "0", "SECRET_KEY": "x" * 50, "AUDIT_HMAC_KEY": "y" * 50}
    ).returncode == 0


def test_production_cookies_are_secure():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os; os.environ['DJANGO_SETTINGS_MODULE']='brug.settings';"
            "from django.conf import settings; print(settings.SESSION_COOKIE_SECURE, "
            "settings.CSRF_COOKIE_SECURE)",
        ],
        env={
            **{k: v for k, v in os.environ.items() if k != "BRUG_TESTING"},
            "DEBUG": "0",
            "SECRET_KEY": "x" * 50,
            "AUDIT_HMAC_KEY": "y" * 50,
        },
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["True", "True"]
