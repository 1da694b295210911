"""Accounts, codes, activation and sign-in of the family portal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from brug.core.models import AuditEvent
from brug.portal import codes, services
from brug.portal.models import FamilyAccount
from tests.conftest import login


def _create(world):
    return services.account_create(actor=world.alice, family=world.family, member=world.parent)


def _activate(client, account, code, pin="482916", again=None):
    return client.post(reverse("portal:activate"), {
        "login_name": account.login_name, "code": code, "secret": pin,
        "secret_again": again or pin})


def test_the_code_is_stored_hashed_and_unambiguous(world):
    account, code = _create(world)
    assert len(code) >= 10 and set(code) <= set(codes.ALPHABET)
    assert code not in account.code_hash and account.code_hash
    assert not set("01OILSBZ258") & set(code)
    assert AuditEvent.objects.filter(family_id=world.family.pk, action="create",
                                     detail__contains="gezinsportaal").exists()


def test_only_managing_workers_create_accounts(world):
    with pytest.raises(PermissionDenied):
        services.account_create(actor=world.charlie, family=world.family, member=world.parent)


def test_activation_sets_the_pin_and_signs_in_and_the_code_is_single_use(client, world):
    account, code = _create(world)
    response = _activate(client, account, codes.grouped(code).lower())
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == "active" and account.code_hash == ""
    assert client.get(reverse("portal:home")).status_code == 200
    again = _activate(client.__class__(), account, code)
    assert "al gebruikt" in again.content.decode()


def test_an_expired_code_is_refused_with_a_clear_message(client, world):
    account, code = _create(world)
    FamilyAccount.objects.filter(pk=account.pk).update(
        code_expires_at=timezone.now() - timedelta(minutes=1))
    response = _activate(client, account, code)
    assert "verlopen" in response.content.decode()
    account.refresh_from_db()
    assert account.status == "pending"


@pytest.mark.parametrize("pin", ["000000", "123456", "987654", "121212", "12345"])
def test_trivial_or_short_pins_are_refused(client, world, pin):
    account, code = _create(world)
    response = _activate(client, account, code, pin=pin)
    assert response.status_code == 200
    account.refresh_from_db()
    assert account.status == "pending"


def test_a_reissued_code_replaces_the_old_one(client, world):
    account, old = _create(world)
    new = services.code_reissue(actor=world.alice, account=account)
    assert "horen niet bij elkaar" in _activate(client, account, old).content.decode()
    assert _activate(client, account, new).status_code == 302


def test_the_handover_sheet_shows_the_code_once_with_a_qr(world):
    response = login(world.alice).post(
        reverse("portal:worker-create", args=[world.family.pk]), {"member": world.parent.pk})
    body = response.content.decode()
    account = FamilyAccount.objects.get(member=world.parent)
    assert response.status_code == 200 and "<svg" in body and account.login_name in body
    tab = login(world.alice).get(reverse("portal:worker-tab", args=[world.family.pk]))
    assert account.login_name in tab.content.decode()


def test_sign_in_is_audited_and_wrong_pins_are_rate_limited(client, family_account, world):
    url = reverse("portal:login")
    for _ in range(5):
        response = client.post(url, {"login_name": "mira-1234", "secret": "999999"})
        assert "klopt niet" in response.content.decode()
    locked = client.post(url, {"login_name": "mira-1234", "secret": "482916"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.filter(family_id=world.family.pk, purpose__contains="mislukte")
    assert failed.count() == 5
    assert failed.first().actor_name == "Mira (gezin)"


def test_a_good_sign_in_is_audited_and_activates_the_language(client, family_account, world):
    FamilyAccount.objects.filter(pk=family_account.pk).update(language="nl")
    response = client.post(reverse("portal:login"),
                           {"login_name": "MIRA-1234 ", "secret": "482916"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(family_id=world.family.pk,
                                     purpose="aangemeld in het gezinsportaal").exists()
    assert response.cookies["django_language"].value == "nl"


def test_a_revoked_account_cannot_sign_in(client, family_account, world):
    services.account_revoke(actor=world.alice, account=family_account)
    response = client.post(reverse("portal:login"),
                           {"login_name": "mira-1234", "secret": "482916"})
    assert "afgesloten" in response.content.decode() or "klopt niet" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_language_comes_from_the_home_languages(settings):
    settings.FAMILY_LANGUAGES = ["nl", "fr", "ar", "tr"]
    assert services.language_for("Nederlands, Arabisch") == "nl"
    assert services.language_for("Arabisch, Nederlands") == "ar"
    assert services.language_for("turks") == "tr"
    assert services.language_for("Tigrinya") == "nl"


@override_settings(FAMILY_LANGUAGES=["nl", "ar"], LANGUAGES=[("nl", "Nederlands"),
                                                              ("ar", "العربية")])
def test_switching_to_arabic_stores_it_and_lays_out_right_to_left(family_client, family_account):
    response = family_client.post(reverse("portal:language"),
                                  {"language": "ar", "next": reverse("portal:home")})
    assert response.status_code == 302
    family_account.refresh_from_db()
    assert family_account.language == "ar"
    page = family_client.get(reverse("portal:home")).content.decode()
    assert 'lang="ar" dir="rtl"' in page


