from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "brug.documents"
    label = "documents"
    verbose_name = "Documenten"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from brug.core import retention
        from brug.documents.models import DOCUMENT_CATEGORIES
        from brug.documents.services import documents_remove
        from brug.families import tabs

        retention.register(documents_remove)
        # Shown when the worker sees any category a document can have.
        tabs.register(tabs.Tab("documents", _("Documenten"), "documents:tab",
                               tuple(DOCUMENT_CATEGORIES), order=85))
