from django.apps import AppConfig


class PerinatalConfig(AppConfig):
    name = "brug.perinatal"
    label = "perinatal"
    verbose_name = "Perinatale ondersteuning"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core import retention
        from brug.core.categories import Category
        from brug.families import tabs
        from brug.perinatal.services import free_text_clear

        retention.register(free_text_clear)
        tabs.register(tabs.Tab("perinatal", _("Zwangerschap"), "perinatal:tab",
                               Category.HOUSEHOLD, order=15))
