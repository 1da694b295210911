from django.apps import AppConfig


def _assigned_q(worker):
    """A volunteer is assigned to the families of their running matches."""
    from django.db.models import Exists, OuterRef, Q

    from brug.volunteers.models import Match

    return Q(Exists(Match.objects.filter(family_id=OuterRef("pk"), volunteer_id=worker.pk,
                                         ended_on__isnull=True)))


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

        assignment.register(None, _assigned_q)
        retention.register(free_text_clear)
        tabs.register(tabs.Tab("volunteers", _("Vrijwilliger"), "volunteers:tab",
                               Category.PLAN, order=40))
