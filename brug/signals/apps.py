from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "brug.signals"
    label = "signals"
    verbose_name = "Signalen"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core import retention
        from brug.core.categories import Category
        from brug.families import tabs
        from brug.signals.services import free_text_clear

        tabs.register(tabs.Tab("barriers", _("Drempels"), "signals:family",
                               Category.DOMAIN_NOTES, order=65))
        retention.register(free_text_clear)
