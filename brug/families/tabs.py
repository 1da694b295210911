"""The tabs of the family dossier. Apps add their own tab in `AppConfig.ready`."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.urls import get_script_prefix, reverse


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    url_name: str
    # One category, or a tuple: the tab shows when the worker sees any of them.
    category: str | tuple[str, ...]
    order: int = 50


_tabs: dict[str, Tab] = {}


def register(tab: Tab) -> None:
    _tabs[tab.key] = tab


def tabs_for(family, access) -> list[dict]:
    prefix = get_script_prefix()
    return [
        {"key": t.key, "label": t.label,
         "url": _url_of(t.url_name, prefix).replace(_PLACEHOLDER, str(int(family.pk)))}
        for t in _ordered()
        if _shown(t, access)
    ]


# Every dossier page draws the tab bar: each tab's URL is reversed once per process (and
# script prefix) with a placeholder for the family, instead of once per tab and request.
_PLACEHOLDER = "987654321"


@functools.cache
def _url_of(url_name: str, prefix: str) -> str:
    url = reverse(url_name, args=[int(_PLACEHOLDER)])
    assert url.count(_PLACEHOLDER) == 1, url
    return url


def _ordered() -> list[Tab]:
    return sorted(_tabs.values(), key=lambda t: (t.order, t.key))


def _shown(tab: Tab, access) -> bool:
    categories = (tab.category,) if isinstance(tab.category, str) else tab.category
    return any(access.can_view(c) for c in categories)
