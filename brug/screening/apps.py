from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "brug.screening"
    label = "screening"
    verbose_name = "Screening"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core import retention
        from brug.core.categories import Category
        from brug.families import tabs
        from brug.screening.services import free_text_clear

        tabs.register(tabs.Tab("kansarmoede", _("Kansarmoede-index"), "screening:kansarmoede",
                               Category.HOUSEHOLD, order=40))
        tabs.register(tabs.Tab("grondrechten", _("Grondrechten"), "screening:rights",
                               Category.RIGHTS, order=45))
        retention.register(free_text_clear)
