from django.apps import AppConfig


class TodayConfig(AppConfig):
    """The Today page: every worker's home page, built from the sections the apps register
    (`brug.core.today`)."""

    name = "brug.today"
    label = "today"
    verbose_name = "Vandaag"

    def ready(self) -> None:
        from brug.today import sections

        sections.register()
