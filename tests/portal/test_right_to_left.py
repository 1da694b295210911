"""The portal in Arabic (right to left): arrows point the way of reading, what a person wrote
keeps its own direction, a phone number reads left to right on a line aligned with the page,
and a question gets no colon after its Arabic question mark (docs/i18n.md)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from brug.trajectories import services as trajectory_services
from tests.trajectories.factories import trajectory_world


@pytest.fixture
def held(world):
    t = trajectory_world(world)
    trajectory_services.conference_record(
        actor=world.alice, conference=t.conference, held_on=timezone.localdate(),
        attendees=[world.alice], parents_present=True, minutes="We zoeken samen een woning.")
    return t


@pytest.fixture
def arabic(family_client, family_account):
    family_account.language = "ar"
    family_account.save(update_fields=["language"])
    family_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    return family_client


def test_the_back_arrow_is_mirrored_and_not_read_out(arabic, held):
    page = arabic.get(reverse("portal:conference", args=[held.conference.pk])).content.decode()
    assert 'dir="rtl"' in page
    assert '<span class="p-arrow" aria-hidden="true">←</span>' in page
    css = open(finders.find("brug/portal.css")).read()
    assert '[dir="rtl"] .p-arrow' in css and "scaleX(-1)" in css
    # The minutes (a worker wrote them, in Dutch) keep their own direction.
    assert '<div dir="auto"><p>We zoeken samen een woning.</p></div>' in page


def test_what_the_family_wrote_keeps_its_direction_on_the_plan(arabic, held):
    page = arabic.get(reverse("portal:plan")).content.decode()
    assert '<p class="p-goal" dir="auto">Een woning zonder schimmel</p>' in page


def test_the_phone_number_reads_left_to_right_on_a_line_aligned_with_the_page(arabic, world):
    world.family.phone = "0470 12 34 56"
    world.family.save(update_fields=["phone"])
    page = arabic.get(reverse("portal:my-data")).content.decode()
    assert '<dd><bdi dir="ltr">0470 12 34 56</bdi></dd>' in page


def test_a_question_label_gets_no_colon_after_the_arabic_question_mark(arabic):
    page = arabic.get(reverse("portal:messages")).content.decode()
    assert "؟:" not in page and "?:" not in page
