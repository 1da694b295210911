"""The login's limit on failed attempts: per username as the login reads it, and not racy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import forms as auth_forms
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brug.core.models import LoginFailure
from tests.conftest import PASSWORD


def _try(username: str, password: str = "fout", client: Client | None = None):
    return (client or Client()).post(reverse("login"),
                                     {"username": username, "password": password})


@pytest.fixture
def three_tries(settings):
    settings.LOGIN_MAX_FAILURES = 3


def test_login_is_refused_after_repeated_failures_even_with_the_right_password(
        world, three_tries):
    for _ in range(3):
        assert _try("alice").status_code == 200
    blocked = _try("alice", PASSWORD)
    assert blocked.status_code == 429
    assert "Te veel mislukte pogingen" in blocked.content.decode()
    assert not blocked.wsgi_request.user.is_authenticated


def test_spaces_case_and_unicode_forms_count_as_the_same_username(world, three_tries):
    for variant in (" alice", "ALICE", "Ａｌｉｃｅ\t"):  # the last in full-width letters
        assert _try(variant).status_code == 200
    assert _try("alice", PASSWORD).status_code == 429
    assert _try("aLiCe ", PASSWORD).status_code == 429


def test_other_usernames_are_not_locked_by_someone_elses_failures(world, three_tries):
    for _ in range(3):
        _try("alice")
    assert _try("bob", PASSWORD).status_code == 302


def test_a_good_login_clears_the_failures(world, three_tries):
    for _ in range(2):
        _try("ALICE")
    assert _try(" alice", PASSWORD).status_code == 302
    assert not LoginFailure.objects.exists()
    for _ in range(2):
        assert _try("alice").status_code == 200  # a fresh count, not locked after one


def test_refused_attempts_do_not_extend_the_lockout(world, three_tries):
    for _ in range(3):
        _try("alice")
    for _ in range(5):
        assert _try("alice").status_code == 429
    assert LoginFailure.objects.count() == 3


def test_an_attempt_that_arrives_while_another_is_checked_cannot_slip_past_the_limit(
        world, three_tries, monkeypatch):
    # Two failures so far: one attempt is left. A second attempt arrives while the third is
    # still checking its password (before it has failed); it must find the limit reached.
    for _ in range(2):
        _try("alice")
    real_authenticate = auth_forms.authenticate
    meanwhile = []

    def authenticate_while_another_attempt_arrives(*args, **kwargs):
        if not meanwhile:
            meanwhile.append(_try("alice", "ook-fout"))
        return real_authenticate(*args, **kwargs)

    monkeypatch.setattr(auth_forms, "authenticate", authenticate_while_another_attempt_arrives)
    assert _try("alice").status_code == 200  # the third attempt was checked, and failed
    assert meanwhile[0].status_code == 429
    assert _try("alice", PASSWORD).status_code == 429


def test_a_good_login_lands_on_today(world):
    response = _try("alice", PASSWORD)
    assert response.status_code == 302 and response.url == "/"


def test_a_username_with_a_nul_character_gets_a_dutch_answer(world):
    response = _try("ali\x00ce")
    assert response.status_code == 400
    assert "ongeldig teken" in response.content.decode()
    assert not LoginFailure.objects.exists()


def test_failures_older_than_the_window_no_longer_count_and_are_removed(world, three_tries):
    for _ in range(3):
        _try("alice")
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert _try("bob").status_code == 200  # any attempt clears what is out of every window
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["bob"]
    assert _try("alice", PASSWORD).status_code == 302
