from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "brug.rights"
    label = "rights"
    verbose_name = "Rechten"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core.categories import Category
        from brug.families import tabs

        tabs.register(tabs.Tab("rights", _("Rechten"), "rights:tab", Category.RIGHTS, order=40))
