from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "brug.referrals"
    label = "referrals"
    verbose_name = "Doorverwijzingen"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core.categories import Category
        from brug.families import tabs

        tabs.register(tabs.Tab("referrals", _("Doorverwijzingen"), "referrals:family",
                               Category.IDENTITY, order=60))
