from django.apps import AppConfig


def _assigned_family_ids(worker):
    """A volunteer is assigned to the families of their running matches."""
    from brug.volunteers.models import Match

    return Match.objects.filter(volunteer_id=worker.pk, ended_on__isnull=True).values(
        "family_id")


class VolunteersConfig(AppConfig):
    name = "brug.volunteers"
    label = "volunteers"
    verbose_name = "Vrijwilligers"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core import assignment, retention
        from brug.core.categories import Category
        from brug.families import tabs
        from brug.volunteers.services import free_text_clear

        assignment.register(_assigned_family_ids)
        retention.register(free_text_clear)
        tabs.register(tabs.Tab("volunteers", _("Vrijwilliger"), "volunteers:tab",
                               Category.PLAN, order=40))
