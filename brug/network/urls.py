from django.contrib.auth import views as auth_views
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
    path(
        "netwerk/medewerkers/<int:worker_id>/wachtwoordlink/",
        views.worker_password_link,
        name="worker-password-link",
    ),
    path("netwerk/logboek/", views.network_log, name="log"),
    # The link a worker gets by e-mail to set their own password (no login needed).
    path(
        "wachtwoord-instellen/<uidb64>/<token>/", views.SetPasswordView.as_view(),
        name="password-set",
    ),
    path(
        "wachtwoord-ingesteld/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password-set-done",
    ),
]
