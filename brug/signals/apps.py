from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "brug.signals"
    label = "signals"
    verbose_name = "Signalen"

    def ready(self) -> None:
        from django.db.models.signals import post_delete
        from django.utils.translation import gettext_lazy as _

        from brug.core import retention
        from brug.core.categories import Category
        from brug.families import tabs
        from brug.signals.models import Signal
        from brug.signals.services import barrier_deleted, free_text_clear

        tabs.register(tabs.Tab("barriers", _("Drempels"), "signals:family",
                               Category.DOMAIN_NOTES, order=65))
        retention.register(free_text_clear)
        # Cascades from a family bypass the services; the kept counts must follow them.
        post_delete.connect(barrier_deleted, sender=Signal,
                            dispatch_uid="signals.barrier_deleted")
