from django.urls import path

from brug.appointments import views

app_name = "appointments"

F = "gezinnen/<int:family_id>/afspraken/"
A = F + "<int:appointment_id>/"

urlpatterns = [
    path("afspraken/", views.my_appointments, name="mine"),
    path("afspraken/agenda-op-je-telefoon/", views.feed_settings, name="feed-settings"),
    path("agenda/<str:feed_token>.ics", views.calendar_feed, name="feed"),
    path(F, views.appointments_tab, name="tab"),
    path(F + "nieuw/", views.appointment_plan, name="plan"),
    path(A, views.appointment_edit, name="edit"),
    path(A + "annuleren/", views.appointment_cancel, name="cancel"),
    path(A + "contact/", views.appointment_log_contact, name="log-contact"),
]
