from django.urls import path

from brug.network import views

app_name = "network"

urlpatterns = [
    path("netwerk/organisaties/", views.organisation_list, name="organisations"),
    path("netwerk/organisaties/nieuw/", views.organisation_edit, name="organisation-create"),
    path(
        "netwerk/organisaties/<int:organisation_id>/",
        views.organisation_edit,
        name="organisation-edit",
    ),
    path("netwerk/medewerkers/", views.worker_list, name="workers"),
    path("netwerk/medewerkers/nieuw/", views.worker_edit, name="worker-create"),
    path("netwerk/medewerkers/<int:worker_id>/", views.worker_edit, name="worker-edit"),
]
