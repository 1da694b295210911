from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from brug.core.views import worker_of
from brug.search import selectors


@require_GET
def search(request):
    worker = worker_of(request)
    query = request.GET.get("q", "")
    return render(request, "search/results.html", {
        "query": query, "results": selectors.search(worker, query),
        "min_length": selectors.MIN_LENGTH})
