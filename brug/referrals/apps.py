from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "brug.referrals"
    label = "referrals"
    verbose_name = "Doorverwijzingen"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core import retention
        from brug.core.categories import Category
        from brug.families import tabs
        from brug.referrals.services import free_text_clear

        tabs.register(tabs.Tab("referrals", _("Doorverwijzingen"), "referrals:family",
                               Category.IDENTITY, order=60))
        retention.register(free_text_clear)

        # The Today page's sections (brug/core/today.py).
        from brug.referrals import today as today_sections

        today_sections.register()
