"""A file kept with a family's dossier, under one information category (docs/documents.md).

The bytes live in the `documents` storage (settings.STORAGES; the file system under the var
directory by default), under a random name: the row keeps that name, the cleaned original name
shown to workers, the type found in the content, and the size.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.core.categories import SHAREABLE_CATEGORIES, Category
from brug.families.models import Family
from brug.network.models import Organisation, Worker

DOCUMENT_CATEGORIES = list(SHAREABLE_CATEGORIES)
CATEGORY_CHOICES = [(c.value, c.label) for c in DOCUMENT_CATEGORIES]


class Document(models.Model):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="documents")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="+")
    category = models.CharField(_("categorie"), max_length=20, choices=CATEGORY_CHOICES)
    title = models.CharField(_("titel"), max_length=120)
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    storage_name = models.CharField(max_length=200, unique=True)
    uploaded_by = models.ForeignKey(Worker, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["family", "category"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(category=Category.CONSENT), name="document_not_consent"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
