from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "brug.families"
    label = "families"
    verbose_name = "Gezinnen"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core import assignment
        from brug.core.categories import Category
        from brug.families import tabs
        from brug.families.models import Family

        # The contact person is assigned to the family (the other links: trajectories,
        # volunteers).
        assignment.register(
            lambda worker: Family.objects.filter(contact_worker_id=worker.pk).values("pk"))

        tabs.register(
            tabs.Tab("overview", _("Overzicht"), "families:detail", Category.IDENTITY, order=10)
        )
        tabs.register(
            tabs.Tab("notes", _("Notities"), "families:notes", Category.DOMAIN_NOTES, order=20)
        )

        # The Today page's sections (brug/core/today.py).
        from brug.families import today as today_sections

        today_sections.register()
