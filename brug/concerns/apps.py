from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "brug.concerns"
    label = "concerns"
    verbose_name = "Zorgen over de veiligheid van een kind"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.concerns.selectors import withheld_events
        from brug.concerns.services import free_text_clear
        from brug.consent import family_log
        from brug.core import retention
        from brug.core.categories import Category
        from brug.families import tabs

        retention.register(free_text_clear)
        family_log.register_withholder(withheld_events)
        tabs.register(tabs.Tab("concerns", _("Zorgen"), "concerns:tab", Category.CONCERN,
                               order=85))
