from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "brug.rights"
    label = "rights"
    verbose_name = "Rechten"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core import retention
        from brug.core.categories import Category
        from brug.families import tabs
        from brug.rights.services import free_text_clear

        tabs.register(tabs.Tab("rights", _("Rechten"), "rights:tab", Category.RIGHTS, order=40))
        retention.register(free_text_clear)
        from brug.rights import screening

        retention.register(screening.family_clear)
        retention.register_purge(screening.purge_expired)

        from brug.consent import family_log
        from brug.rights.family import log_detail

        family_log.register_detail_reader(log_detail)

        # The Today page's sections (brug/core/today.py).
        from brug.rights import today as today_sections

        today_sections.register()
