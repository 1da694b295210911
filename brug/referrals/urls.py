from django.urls import path

from brug.referrals import views

app_name = "referrals"

urlpatterns = [
    path("doorverwijzingen/", views.inbox, name="inbox"),
    path("doorverwijzingen/openstaand/", views.overdue, name="overdue"),
    path("doorverwijzingen/<int:referral_id>/", views.referral_detail, name="detail"),
    path("doorverwijzingen/<int:referral_id>/aanvaarden/", views.referral_accept, name="accept"),
    path("doorverwijzingen/<int:referral_id>/weigeren/", views.referral_decline, name="decline"),
    path("doorverwijzingen/<int:referral_id>/intrekken/", views.referral_withdraw,
         name="withdraw"),
    path("doorverwijzingen/<int:referral_id>/afsluiten/", views.referral_close, name="close"),
    path("gezinnen/<int:family_id>/doorverwijzingen/", views.family_tab, name="family"),
    path("gezinnen/<int:family_id>/doorverwijzingen/nieuw/<int:service_id>/",
         views.referral_create, name="create"),
]
