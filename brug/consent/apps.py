from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "brug.consent"
    label = "consent"
    verbose_name = "Toestemming"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.consent.services import free_text_clear
        from brug.core import retention
        from brug.core.categories import Category
        from brug.families import tabs

        tabs.register(
            tabs.Tab(
                "consent", _("Mandaat en toestemming"), "consent:tab", Category.CONSENT, order=80
            )
        )
        tabs.register(tabs.Tab("audit", _("Logboek"), "consent:audit", Category.CONSENT, order=90))
        retention.register(free_text_clear)

        # The Today page's sections (brug/core/today.py).
        from brug.consent import today as today_sections

        today_sections.register()
