from django.apps import AppConfig


def _involved_family_ids(worker):
    """The families where the worker is involved in an open trajectory."""
    from brug.trajectories.models import Trajectory, TrajectoryStatus

    return Trajectory.objects.filter(status=TrajectoryStatus.OPEN, involved=worker).values(
        "family_id")


def _responsible_family_ids(worker):
    """The families where the worker is responsible for an open trajectory."""
    from brug.trajectories.models import Trajectory, TrajectoryStatus

    return Trajectory.objects.filter(status=TrajectoryStatus.OPEN, responsible=worker).values(
        "family_id")


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
        assignment.register(_involved_family_ids)
        assignment.register(_responsible_family_ids)
        # A child's birth moves the planned end of programmes that end at the youngest's age.
        births.register(planned_ends_after_birth)
        retention.register(free_text_clear)
        tabs.register(tabs.Tab("trajectories", _("Traject en contacten"), "trajectories:tab",
                               Category.PLAN, order=30))

        # The Today page's sections (brug/core/today.py).
        from brug.trajectories import today as today_sections

        today_sections.register()
