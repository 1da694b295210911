from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "brug.families"
    label = "families"
    verbose_name = "Gezinnen"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core.categories import Category
        from brug.families import tabs

        tabs.register(
            tabs.Tab("overview", _("Overzicht"), "families:detail", Category.IDENTITY, order=10)
        )
        tabs.register(
            tabs.Tab("notes", _("Notities"), "families:notes", Category.DOMAIN_NOTES, order=20)
        )

        # The Today page's sections (brug/core/today.py).
        from brug.families import today as today_sections

        today_sections.register()
