from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "brug.signals"
    label = "signals"
    verbose_name = "Signalen"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core.categories import Category
        from brug.families import tabs

        tabs.register(tabs.Tab("barriers", _("Drempels"), "signals:family",
                               Category.DOMAIN_NOTES, order=65))
