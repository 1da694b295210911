from django.urls import path

from brug.directory import views

app_name = "directory"

urlpatterns = [
    path("sociale-kaart/", views.search, name="search"),
    path("sociale-kaart/diensten/nieuw/", views.service_create, name="service-create"),
    path("sociale-kaart/diensten/<int:service_id>/", views.service_detail, name="service"),
    path("sociale-kaart/diensten/<int:service_id>/bewerken/", views.service_edit,
         name="service-edit"),
    path("sociale-kaart/diensten/<int:service_id>/bezoekverslag/", views.report_create,
         name="report-create"),
    path("sociale-kaart/import/", views.hsds_import, name="import"),
    path("sociale-kaart/export/", views.hsds_export, name="export"),
]
