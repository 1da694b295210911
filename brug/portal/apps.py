from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "brug.portal"
    label = "portal"
    verbose_name = "Gezinsportaal"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core.categories import Category
        from brug.families import tabs

        # The consent category: only the family's own organisation (it is never shared).
        tabs.register(tabs.Tab("portal", _("Gezinsportaal"), "portal:worker-tab",
                               Category.CONSENT, order=85))

        # The Today page's sections (brug/core/today.py).
        from brug.portal import today as today_sections

        today_sections.register()

        # A family member's chosen language is kept on the account (docs/i18n.md).
        from brug.core.i18n import register_language_store
        from brug.portal.services import store_language_of, stored_language_of

        register_language_store(stored_language_of, store_language_of)
