from brug.access import policy


def worker(request):
    """The logged-in worker and what the header's menu offers them (`_nav.html`)."""
    w = getattr(request, "worker", None)
    return {
        "worker": w,
        "can_manage_network": policy.can_manage_network(w) if w else False,
        "can_create_family": policy.can_create_family(w) if w else False,
        "can_view_signal_bundle": policy.can_view_signal_bundle(w) if w else False,
        # Volunteers: their own families; the network's professionals: the volunteer work.
        "is_volunteer": policy._kind(w) == "volunteer" if w else False,
        "sees_volunteer_work": policy.handles_referrals(w) if w else False,
        "can_use_open_doors": policy.can_use_open_doors(w) if w else False,
    }
