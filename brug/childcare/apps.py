from django.apps import AppConfig


class ChildcareConfig(AppConfig):
    name = "brug.childcare"
    label = "childcare"
    verbose_name = "Kinderopvang"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.childcare.services import free_text_clear
        from brug.core import retention
        from brug.core.categories import Category
        from brug.families import tabs

        retention.register(free_text_clear)
        tabs.register(tabs.Tab("childcare", _("Kinderopvang"), "childcare:tab",
                               Category.PLAN, order=45))
