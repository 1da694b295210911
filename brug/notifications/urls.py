from django.urls import path

from brug.notifications import views

app_name = "notifications"

urlpatterns = [
    path("meldingen/", views.notification_list, name="list"),
    path("meldingen/aantal/", views.notification_count, name="count"),
    path("meldingen/alles-gelezen/", views.notification_read_all, name="read-all"),
    path("meldingen/instellingen/", views.notification_settings, name="settings"),
    path("meldingen/<int:notification_id>/", views.notification_open, name="open"),
    path("meldingen/<int:notification_id>/gelezen/", views.notification_read, name="read"),
]
