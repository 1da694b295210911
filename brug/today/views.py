"""The Today page (home page of every worker), its menu counter and the coordinator's team view.

Thin: the sections come from the registry `brug.core.today`; which team a coordinator sees is
`selectors.team_of`.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from brug.access import policy
from brug.core import today
from brug.core.views import worker_of
from brug.today import selectors


@require_GET
def home(request):
    worker = worker_of(request)
    day = timezone.localdate()
    found = today.sections_for(worker, day, labels=policy.family_label_grants)
    needs_me = today.needs_me(found)
    cache.set(_counter_key(worker, day), needs_me, COUNTER_SECONDS)
    return render(request, "today/home.html", {
        "day": day, "sections": [result for _, result in found],
        "needs_me": needs_me, "is_coordinator": selectors.sees_team(worker)})


# The menu's counter is fetched after every page a worker opens (a page every ~20 s); a
# count at most this old is good enough for a menu badge, and Today itself always counts
# afresh (and refreshes the kept count). It is a number, never family data.
COUNTER_SECONDS = 60


def _counter_key(worker, day) -> str:
    return f"today-counter:{worker.pk}:{day.isoformat()}"


@require_GET
def counter(request):
    """The number next to the menu's Today link, fetched by the page after it loaded (htmx):
    per worker, so outside the menu's cached fragment, and kept for a minute (the cache
    framework). Only the sections that count are built: not the appointments of the day, the
    notifications or a coordinator's team (network-wide counts)."""
    worker = worker_of(request)
    day = timezone.localdate()
    key = _counter_key(worker, day)
    needs_me = cache.get(key)
    if needs_me is None:
        found = today.sections_for(worker, day, labels=policy.family_label_grants,
                                   counting_only=True)
        needs_me = today.needs_me(found)
        cache.set(key, needs_me, COUNTER_SECONDS)
    return render(request, "today/_counter.html", {"needs_me": needs_me})


@require_GET
def team(request):
    worker = worker_of(request)
    if not selectors.sees_team(worker):
        raise Http404
    day = timezone.localdate()
    return render(request, "today/team.html", {
        "day": day, **selectors.team_table(worker, day)})


@require_GET
def team_worker(request, worker_id: int):
    worker = worker_of(request)
    subject = selectors.team_member(worker, worker_id)
    day = timezone.localdate()
    found = today.sections_for(worker, day, labels=policy.family_label_grants,
                               subject=subject)
    return render(request, "today/team_worker.html", {
        "day": day, "subject": subject, "sections": [result for _, result in found]})
