from brug.notifications import selectors


def bell(request):
    """The header's bell: the worker's unread count, per request and outside the cached menu
    (base.html). Lazy: a page that does not render the header spends no query on it."""
    worker = getattr(request, "worker", None)
    if worker is None:
        return {}
    count = None

    def unread():
        nonlocal count
        if count is None:
            count = selectors.unread_count(worker)
        return count

    return {"unread_notifications": unread}
