"""The tabs of the family dossier. Apps add their own tab in `AppConfig.ready`."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


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
    return [
        {"key": t.key, "label": t.label, "url": reverse(t.url_name, args=[family.pk])}
        for t in sorted(_tabs.values(), key=lambda t: (t.order, t.key))
        if _shown(t, access)
    ]


def _shown(tab: Tab, access) -> bool:
    categories = (tab.category,) if isinstance(tab.category, str) else tab.category
    return any(access.can_view(c) for c in categories)
