from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "brug.activities"
    label = "activities"
    verbose_name = "Groepsactiviteiten"
