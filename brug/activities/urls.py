from django.urls import path

from brug.activities import views

app_name = "activities"

urlpatterns = [
    path("activiteiten/", views.activity_list, name="list"),
    path("activiteiten/nieuw/", views.activity_create, name="create"),
    path("activiteiten/bereik/", views.reach_report, name="reach"),
    path("activiteiten/bereik.csv", views.reach_export, name="reach-export"),
    path("activiteiten/wijken/", views.neighbourhoods, name="neighbourhoods"),
    path("activiteiten/wijken/<int:neighbourhood_id>/", views.neighbourhood_edit,
         name="neighbourhood"),
    path("activiteiten/<int:activity_id>/", views.activity_detail, name="detail"),
    path("activiteiten/<int:activity_id>/bewerken/", views.activity_edit, name="edit"),
    path("activiteiten/<int:activity_id>/inschrijven/", views.registration_add,
         name="register"),
    path("activiteiten/inschrijving/<int:registration_id>/uitschrijven/",
         views.registration_cancel, name="unregister"),
    path("activiteiten/sessie/<int:session_id>/", views.session_detail, name="session"),
    path("activiteiten/sessie/<int:session_id>/aanwezig/", views.attendance_add,
         name="attend"),
    path("activiteiten/sessie/<int:session_id>/aanwezig/<int:attendance_id>/schrappen/",
         views.attendance_remove, name="unattend"),
]
