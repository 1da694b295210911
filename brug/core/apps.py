from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "brug.core"
    label = "core"
    verbose_name = "Brug"
