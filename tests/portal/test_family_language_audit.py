"""A family using the portal in Arabic leaves Dutch (source-language) audit text, so its own
log and the workers' audit tab can read it in their own language."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from brug.consent import family_log
from brug.core.models import AuditEvent


def test_a_message_and_a_sign_in_in_arabic_are_stored_in_dutch_and_read_back(
        family_client, family_account, world):
    family_account.language = "ar"
    family_account.save()
    family_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert 'lang="ar"' in family_client.get(reverse("portal:messages")).content.decode()
    response = family_client.post(reverse("portal:messages"),
                                  {"kind": "message", "text": "Kan je morgen bellen?"})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(family_id=world.family.pk).latest("id")
    assert event.detail == "bericht"
    assert event.actor_name == f"{world.parent.first_name} (gezin)"
    with translation.override("nl"):
        data = family_log.access_log_data(family_log.access_log(world.family, months=None))
    sentences = [line["text"] for m in data for g in m["organisations"] for line in g["lines"]]
    assert any("een bericht" in s for s in sentences), sentences
    # Under "Jullie zelf" the parent is named by first name, not "Mira (gezin)".
    own = [line for m in data for g in m["organisations"] for line in g["lines"]
           if g["organisation"] == "Jullie zelf"]
    assert own and all(line["person"] == world.parent.first_name for line in own), own
