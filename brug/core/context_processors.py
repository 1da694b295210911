from brug.core import policy


def worker(request):
    w = getattr(request, "worker", None)
    return {
        "worker": w,
        "can_manage_network": policy.can_manage_network(w) if w else False,
        "can_create_family": policy.can_create_family(w) if w else False,
    }
