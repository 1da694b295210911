from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "brug.core"
    label = "core"
    verbose_name = "Brug"

    def ready(self) -> None:
        # A logged-in person's stored language is applied at login (docs/i18n.md).
        from brug.core import i18n

        i18n.connect()
