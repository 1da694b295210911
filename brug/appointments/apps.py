from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "brug.appointments"
    label = "appointments"
    verbose_name = "Afspraken"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.appointments.services import free_text_clear
        from brug.core import retention
        from brug.core.categories import Category
        from brug.families import tabs

        retention.register(free_text_clear)
        tabs.register(tabs.Tab("appointments", _("Afspraken"), "appointments:tab",
                               Category.PLAN, order=32))

        # The Today page's section (brug/core/today.py).
        from brug.appointments import today as today_sections

        today_sections.register()
