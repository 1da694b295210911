from django.urls import path

from brug.perinatal import views

app_name = "perinatal"

F = "gezinnen/<int:family_id>/zwangerschap/"

urlpatterns = [
    path("zwangerschappen/", views.register, name="register"),
    path(F, views.tab, name="tab"),
    path(F + "nieuw/", views.create, name="create"),
    path(F + "<int:pregnancy_id>/poging/", views.outreach_add, name="outreach-add"),
    path(F + "<int:pregnancy_id>/geboorte/", views.birth, name="birth"),
]
