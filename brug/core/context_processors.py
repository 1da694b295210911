import functools

from django.urls import get_script_prefix, reverse

from brug.core import policy

# The links of the page header, by the name the base template uses.
_NAV = {"families": "families:list", "agenda": "trajectories:agenda",
        "new_family": "families:create", "directory": "directory:search",
        "referrals": "referrals:inbox", "signals": "signals:bundle",
        "network": "network:organisations", "rights": "rights:catalogue", "logout": "logout"}


@functools.lru_cache(maxsize=8)
def _nav(script_prefix: str) -> dict[str, str]:
    """Reversed once per process (and script prefix): every page shows the same header."""
    return {key: reverse(name) for key, name in _NAV.items()}


def worker(request):
    w = getattr(request, "worker", None)
    return {
        "worker": w,
        "nav": _nav(get_script_prefix()),
        "can_manage_network": policy.can_manage_network(w) if w else False,
        "can_create_family": policy.can_create_family(w) if w else False,
    }
