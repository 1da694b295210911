from brug.access import policy
from brug.childcare.services import runs_desk


def worker(request):
    """The logged-in worker and what the header's menu offers them (`_nav.html`).

    `menu_key` holds every flag below: the base template caches the menu under it, so a new
    flag cannot be forgotten in the cache key (a menu of one kind of worker shown to another).
    """
    w = getattr(request, "worker", None)
    flags = {
        "can_manage_network": policy.can_manage_network(w) if w else False,
        "can_create_family": policy.can_create_family(w) if w else False,
        "can_view_signal_bundle": policy.can_view_signal_bundle(w) if w else False,
        # Volunteers: their own families; the network's professionals: the volunteer work.
        "is_volunteer": policy.is_volunteer(w) if w else False,
        "sees_volunteer_work": policy.handles_referrals(w) if w else False,
        "can_use_open_doors": policy.can_use_open_doors(w) if w else False,
        # Issue 17: the perinatal register (the network's professionals) and the open concerns
        # (coordinators).
        "sees_perinatal": policy.handles_referrals(w) if w else False,
        "can_oversee_concerns": policy.can_oversee_concerns(w) if w else False,
        "can_use_schools": policy.can_use_schools(w) if w else False,
        # The local childcare desk: the coordinators and the desk organisation's home roles.
        "runs_childcare_desk": runs_desk(w) if w else False,
        # Issue 15: the population screening for missed rights (coordinators).
        "can_screen_rights": policy.can_screen_rights(w) if w else False,
    }
    menu_key = "".join("1" if value else "0" for value in flags.values())
    return {"worker": w, **flags, "menu_key": menu_key}
