"""Production settings and headers: secrets, cookies, CSP, HSTS, no caching of family data,
and `manage.py check --deploy` clean."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.core.pages import PAGES, PageOpener

ROOT = Path(__file__).resolve().parents[2]


def test_pages_require_login(world):
    response = Client().get(f"/gezinnen/{world.family.pk}/")
    assert response.status_code == 302 and "/inloggen/" in response.url


def test_csrf_is_enforced_on_changes(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice.user)
    response = client.post(f"/gezinnen/{world.family.pk}/bewerken/", {"display_name": "X"})
    assert response.status_code == 403


# --- Content-Security-Policy -------------------------------------------------------------

def _policy(response) -> dict[str, list[str]]:
    directives = (d.strip().split() for d in response["Content-Security-Policy"].split(";"))
    return {d[0]: d[1:] for d in directives if d}


def test_pages_carry_a_content_security_policy_without_inline_code(world):
    for response in (Client().get(reverse("login")),
                     login(world.alice).get(reverse("families:detail", args=[world.family.pk]))):
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert "unsafe" not in response["Content-Security-Policy"]


# What the policy refuses to run: inline scripts, inline event handlers, style attributes and
# elements, and htmx's evaluated attributes (hx-on, js:/javascript: values). A handler's
# value is quoted (or a template expression), so a Python keyword such as `only=` is not one.
_INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=\s*[\"'{]|\sstyle\s*=|<style\b"
                     r"|hx-on"
                     r"|[\"']\s*(?:js|javascript):", re.IGNORECASE)


def test_no_template_or_python_written_html_holds_inline_code():
    offenders = []
    for path in [*ROOT.glob("brug/**/templates/**/*.html"), *ROOT.glob("brug/**/*.py")]:
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if _INLINE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "inline code is refused by the Content-Security-Policy " \
                            "(docs/security.md):\n" + "\n".join(offenders)


def test_the_inline_code_check_finds_what_it_looks_for():
    for line in ('<button onclick="window.print()">', '<p style="color: red">', "<script>x()",
                 "hx-on:click='x()'", "hx-vals='js:{a: 1}'", "<style>p{}</style>"):
        assert _INLINE.search(line), line
    for line in ('<script src="/static/brug/brug.js" defer></script>', '<p class="on">',
                 '<button type="button" data-print>'):
        assert not _INLINE.search(line), line


# --- No caching of family data -----------------------------------------------------------

@pytest.mark.parametrize("name,params", PAGES, ids=[n for n, _ in PAGES])
def test_no_answer_to_a_logged_in_worker_is_stored(world, name, params):
    opener = PageOpener(world)
    client, url, page = opener(name, params, html_only=False)
    alice = opener.clients[0]
    # The page as shown to whoever may see it, and whatever a worker gets for a GET and an
    # empty POST (a form with errors, a redirect, a 403, 404 or 405).
    answers = [alice.get(url)]
    if page is not None and page.wsgi_request.user.is_authenticated:
        answers.append(page)
    if name != "logout":
        answers.append(alice.post(url, {}))
    for response in answers:
        assert "no-store" in response["Cache-Control"], (url, response.status_code)
        assert "private" in response["Cache-Control"], (url, response.status_code)


def test_htmx_fragments_redirects_and_refusals_are_not_stored_either(world):
    client = login(world.alice)
    answers = [client.get(reverse("families:list"), {"q": "Test"}, HTTP_HX_REQUEST="true"),
               client.get(reverse("families:detail", args=[999_999])),
               client.post(reverse("families:create"), {})]
    for response in answers:
        assert "no-store" in response["Cache-Control"], response


# --- Production settings, in a process of their own --------------------------------------

def _production_env(**extra) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items()
            if k not in ("SECRET_KEY", "DEBUG", "BRUG_TESTING", "DATABASE_URL", "ALLOWED_HOSTS",
                         "BEHIND_TLS_PROXY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return {**keep, "BRUG_VAR_DIR": str(ROOT / "var" / "deploy-check"),
            "AUDIT_HMAC_KEY": "audit-" + "k" * 50, **extra}


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


_SETUP = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'brug.settings');"
          " django.setup();")


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = _run(_production_env(DEBUG="0"), "-c", _SETUP)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_refuses_a_short_secret_key_in_production():
    result = _run(_production_env(DEBUG="0", SECRET_KEY="kort-geheim"), "-c", _SETUP)
    assert result.returncode != 0
    assert "SECRET_KEY is too short" in result.stderr


def test_production_cookies_are_secure():
    result = _run(_production_env(DEBUG="0", SECRET_KEY=get_random_secret_key()), "-c",
                  _SETUP + "from django.conf import settings; print(settings.SESSION_COOKIE_SECURE,"
                  " settings.CSRF_COOKIE_SECURE)")
    assert result.stdout.split() == ["True", "True"], result.stderr


def _tls_production() -> dict[str, str]:
    return _production_env(DEBUG="0", SECRET_KEY=get_random_secret_key(), BEHIND_TLS_PROXY="1",
                           ALLOWED_HOSTS="brug.example.be")


def test_the_deploy_check_is_clean_with_production_settings():
    result = _run(_tls_production(), "manage.py", "check", "--deploy", "--fail-level",
                  "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_behind_the_tls_proxy_http_is_redirected_and_https_pinned():
    script = _SETUP + (
        "from django.test import Client; c = Client(HTTP_HOST='brug.example.be');"
        "plain = c.get('/inloggen/', HTTP_X_FORWARDED_PROTO='http');"
        "tls = c.get('/inloggen/', HTTP_X_FORWARDED_PROTO='https');"
        "print(plain.status_code, plain['Location']);"
        "print(tls.status_code, tls['Strict-Transport-Security']);"
        "print('csp' if 'Content-Security-Policy' in tls else 'no csp')")
    result = _run(_tls_production(), "-c", script)
    assert result.returncode == 0, result.stderr
    plain, tls, csp = result.stdout.splitlines()
    assert plain == "301 https://brug.example.be/inloggen/"
    assert tls.startswith("200 max-age=31536000; includeSubDomains")
    assert "preload" not in tls and csp == "csp"
