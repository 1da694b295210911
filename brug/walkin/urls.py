from django.urls import path

from brug.walkin import views

app_name = "walkin"

urlpatterns = [
    path("inloop/", views.hours, name="hours"),
    path("inloop/nieuw/", views.hour_create, name="hour-create"),
    path("inloop/tellingen/", views.counts, name="counts"),
    path("inloop/<int:hour_id>/", views.hour_detail, name="hour"),
    path("inloop/<int:hour_id>/bewerken/", views.hour_edit, name="hour-edit"),
    path("inloop/bezoek/<int:visit_id>/", views.visit_detail, name="visit"),
    path("inloop/bezoek/<int:visit_id>/dossier/", views.visit_dossier, name="visit-dossier"),
    path("gezinnen/<int:family_id>/inloop/", views.family_visits, name="family"),
]
