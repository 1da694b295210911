from django.contrib.auth import views as auth_views
from django.urls import include, path

from brug.core.auth_views import LoginView
from brug.core.i18n import set_language

urlpatterns = [
    path("inloggen/", LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch: Django's (a POST that sets the language cookie), and for a
    # logged-in person also their own record; open before login, so the login pages can be
    # read in another language (docs/i18n.md).
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("brug.today.urls")),
    path("", include("brug.families.urls")),
    path("", include("brug.consent.urls")),
    path("", include("brug.network.urls")),
    path("", include("brug.screening.urls")),
    path("", include("brug.trajectories.urls")),
    path("", include("brug.directory.urls")),
    path("", include("brug.referrals.urls")),
    path("", include("brug.signals.urls")),
    path("", include("brug.rights.urls")),
    path("", include("brug.portal.urls")),
    path("", include("brug.volunteers.urls")),
    path("", include("brug.aid.urls")),
    path("", include("brug.walkin.urls")),
    path("", include("brug.activities.urls")),
    path("", include("brug.appointments.urls")),
    path("", include("brug.childcare.urls")),
    path("", include("brug.notifications.urls")),
    path("", include("brug.concerns.urls")),
    path("", include("brug.perinatal.urls")),
    path("", include("brug.schools.urls")),
    path("", include("brug.documents.urls")),
    path("", include("brug.search.urls")),
]
