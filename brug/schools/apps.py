from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "brug.schools"
    label = "schools"
    verbose_name = "Schoolwerking"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core.categories import Category
        from brug.families import tabs

        tabs.register(tabs.Tab("schools", _("School"), "schools:family",
                               Category.DOMAIN_NOTES, order=69))
