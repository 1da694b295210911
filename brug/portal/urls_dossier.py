"""The family's dossier pages in the portal (namespace `portal`, included by portal/urls.py)."""

from django.urls import path

from brug.portal import views_dossier as views

urlpatterns = [
    path("gezin/plan/", views.plan, name="plan"),
    path("gezin/plan/<int:trajectory_id>/reageren/", views.plan_react, name="plan-react"),
    path("gezin/overleg/<int:conference_id>/", views.conference, name="conference"),
    path("gezin/overleg/<int:conference_id>/reageren/", views.conference_react,
         name="conference-react"),
    path("gezin/rechten/", views.rights, name="rights"),
    path("gezin/doorverwijzingen/", views.referrals, name="referrals"),
    path("gezin/wie-keek/", views.access_log, name="access-log"),
    path("gezin/mijn-gegevens/", views.my_data, name="my-data"),
    path("gezin/mijn-gegevens/gegevens.json", views.my_data_download, name="my-data-json"),
]
