"""A VONK trajectory that needs a screening links straight to it and keeps the form."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from brug.trajectories.models import Trajectory
from tests.trajectories.factories import vonk

TODAY = timezone.localdate()
KEYS = ("income", "education", "work", "stimulation", "housing", "health")


def test_the_screening_is_one_link_away_and_the_form_comes_back(world, as_alice):
    programme = vonk(world)
    open_url = reverse("trajectories:open", args=[world.family.pk])
    started = (TODAY - timedelta(days=3)).isoformat()
    response = as_alice.post(open_url, {
        "programme": programme.pk, "started_on": started, "responsible": world.alice.pk,
        "involved": [world.bob.pk], "monthly_income": "1200"})
    assert response.status_code == 200
    page = response.content.decode()
    screening_url = reverse("screening:kansarmoede", args=[world.family.pk]) + "?next=traject"
    assert f'href="{screening_url}"' in page
    assert not Trajectory.objects.exists()

    screening_page = as_alice.get(screening_url).content.decode()
    assert 'name="next" value="traject"' in screening_page
    answers = {f"c_{k}": "weak" if k in ("income", "work", "housing") else "not_weak"
               for k in KEYS}
    response = as_alice.post(screening_url, {"screened_on": TODAY.isoformat(), "next": "traject",
                                             **answers})
    assert response.status_code == 302
    assert response.url == open_url

    form = as_alice.get(open_url).content.decode()
    assert re.search(rf'<option value="{programme.pk}" selected>', form)
    assert f'value="{started}"' in form
    assert re.search(rf'name="involved" value="{world.bob.pk}"[^>]*checked', form)
    assert "1200" not in form  # the income is never kept
    # The draft is used once: a later visit starts afresh.
    assert f'value="{started}"' not in as_alice.get(open_url).content.decode()
