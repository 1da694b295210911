from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "brug.directory"
    label = "directory"
    verbose_name = "Sociale kaart"
