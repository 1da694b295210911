import functools

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

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


@functools.lru_cache(maxsize=64)
def _nav_html(script_prefix: str, language: str | None, can_create_family: bool,
              can_manage_network: bool) -> str:
    """The header's menu, drawn once per process for each kind of worker (and language)."""
    return render_to_string("_nav.html", {
        "nav": _nav(script_prefix), "can_create_family": can_create_family,
        "can_manage_network": can_manage_network})


def worker(request):
    w = getattr(request, "worker", None)
    prefix = get_script_prefix()
    manages = policy.can_manage_network(w) if w else False
    creates = policy.can_create_family(w) if w else False
    return {
        "worker": w,
        "nav": _nav(prefix),
        "nav_html": _nav_html(prefix, get_language(), creates, manages) if w else "",
        "can_manage_network": manages,
        "can_create_family": creates,
    }
