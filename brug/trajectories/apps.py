from django.apps import AppConfig


def _assigned(worker, family) -> bool:
    from brug.trajectories.models import Trajectory, TrajectoryStatus

    return Trajectory.objects.filter(family_id=family.pk, status=TrajectoryStatus.OPEN,
                                     involved=worker).exists() or \
        Trajectory.objects.filter(family_id=family.pk, status=TrajectoryStatus.OPEN,
                                  responsible=worker).exists()


def _assigned_q(worker):
    from django.db.models import Exists, OuterRef, Q

    from brug.trajectories.models import Trajectory, TrajectoryStatus

    open_for_family = Trajectory.objects.filter(family_id=OuterRef("pk"),
                                                status=TrajectoryStatus.OPEN)
    return Q(Exists(open_for_family.filter(involved=worker))) | Q(
        Exists(open_for_family.filter(responsible=worker)))


class TrajectoriesConfig(AppConfig):
    name = "brug.trajectories"
    label = "trajectories"
    verbose_name = "Trajecten"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core import assignment, births, retention
        from brug.core.categories import Category
        from brug.families import tabs
        from brug.trajectories.services import free_text_clear, planned_ends_after_birth

        # The workers and volunteers involved in an open trajectory are assigned to the family.
        assignment.register(_assigned, _assigned_q)
        # A child's birth moves the planned end of programmes that end at the youngest's age.
        births.register(planned_ends_after_birth)
        retention.register(free_text_clear)
        tabs.register(tabs.Tab("trajectories", _("Traject en contacten"), "trajectories:tab",
                               Category.PLAN, order=30))

        # The Today page's sections (brug/core/today.py).
        from brug.trajectories import today as today_sections

        today_sections.register()
