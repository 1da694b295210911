"""The Today page (home page of every worker), its menu counter and the coordinator's team view.

Thin: the sections come from the registry `brug.core.today`; which team a coordinator sees is
`selectors.team_of`.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from brug.core import today
from brug.core.views import worker_of
from brug.today import selectors


@require_GET
def home(request):
    worker = worker_of(request)
    day = timezone.localdate()
    found = today.sections_for(worker, day)
    return render(request, "today/home.html", {
        "day": day, "sections": [result for _, result in found],
        "needs_me": today.needs_me(found), "is_coordinator": selectors.sees_team(worker)})


@require_GET
def counter(request):
    """The number next to the menu's Today link, fetched by the page after it loaded (htmx):
    per request and per worker, so outside the menu's cached fragment, and no cost to the
    page it sits on. Only the sections that count are built: not the appointments of the
    day, the notifications or a coordinator's team (network-wide counts)."""
    worker = worker_of(request)
    found = today.sections_for(worker, timezone.localdate(), counting_only=True)
    return render(request, "today/_counter.html", {"needs_me": today.needs_me(found)})


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
    found = today.sections_for(worker, day, subject=subject)
    return render(request, "today/team_worker.html", {
        "day": day, "subject": subject, "sections": [result for _, result in found]})
