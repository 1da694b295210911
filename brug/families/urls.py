from django.urls import path

from brug.families import views

app_name = "families"

urlpatterns = [
    path("gezinnen/", views.family_list, name="list"),
    path("gezinnen/nieuw/", views.family_create, name="create"),
    path("gezinnen/nieuw/rij/", views.member_row, name="member-row"),
    path("gezinnen/export.csv", views.family_export, name="export"),
    path("gezinnen/<int:family_id>/", views.family_detail, name="detail"),
    path("gezinnen/<int:family_id>/bewerken/", views.family_edit, name="edit"),
    path("gezinnen/<int:family_id>/leden/nieuw/", views.member_add, name="member-add"),
    path("gezinnen/<int:family_id>/leden/<int:member_id>/", views.member_edit, name="member-edit"),
    path("gezinnen/<int:family_id>/notities/", views.notes, name="notes"),
]
