from django.apps import AppConfig


class AidConfig(AppConfig):
    name = "brug.aid"
    label = "aid"
    verbose_name = "Materiële steun en tolken"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.aid.services import free_text_clear
        from brug.core import retention
        from brug.core.categories import Category
        from brug.families import tabs

        retention.register(free_text_clear)
        tabs.register(tabs.Tab("aid", _("Steun en tolken"), "aid:tab", Category.RIGHTS,
                               order=58))
