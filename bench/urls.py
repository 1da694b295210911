"""Brug's URLs plus the benchmark's floor page (served with bench/settings.py only)."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from brug.urls import urlpatterns as brug_urlpatterns


@require_GET
def floor(request):
    """A logged-in page that renders only the base template: what any page costs at least
    (session, user and worker, middleware, the base template with its menu)."""
    return render(request, "base.html")


urlpatterns = [path("bench/vloer/", floor, name="bench-floor"), *brug_urlpatterns]
