from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "brug.notifications"
    label = "notifications"
    verbose_name = "Meldingen"

    def ready(self) -> None:
        # The Today page's section (brug/core/today.py).
        from brug.notifications import today as today_sections

        today_sections.register()
