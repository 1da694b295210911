from django.apps import AppConfig


class WalkinConfig(AppConfig):
    name = "brug.walkin"
    label = "walkin"
    verbose_name = "Inloop"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core.categories import Category
        from brug.families import tabs

        tabs.register(tabs.Tab("walkin", _("Inloop"), "walkin:family",
                               Category.DOMAIN_NOTES, order=68))
