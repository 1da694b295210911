from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "brug.portal"
    label = "portal"
    verbose_name = "Gezinsportaal"
