from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "brug.notifications"
    label = "notifications"
    verbose_name = "Meldingen"

    def ready(self) -> None:
        # The Today page's section (brug/core/today.py).
        from brug.notifications import today as today_sections

        today_sections.register()

        # A worker's chosen language is kept on their settings row (docs/i18n.md).
        from brug.core.i18n import register_language_store
        from brug.notifications.services import store_language_of, stored_language_of

        register_language_store(stored_language_of, store_language_of)
