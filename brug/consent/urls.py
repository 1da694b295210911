from django.urls import path

from brug.consent import views, views_handover

app_name = "consent"

urlpatterns = [
    path("gezinnen/<int:family_id>/toestemming/", views.consent_tab, name="tab"),
    path("gezinnen/<int:family_id>/mandaat/nieuw/", views.mandate_create, name="mandate-create"),
    path(
        "gezinnen/<int:family_id>/mandaat/<int:mandate_id>/stoppen/",
        views.mandate_end,
        name="mandate-end",
    ),
    path("gezinnen/<int:family_id>/toestemming/nieuw/", views.consent_create, name="create"),
    path(
        "gezinnen/<int:family_id>/toestemming/<int:consent_id>/intrekken/",
        views.consent_withdraw,
        name="withdraw",
    ),
    path("gezinnen/<int:family_id>/overdracht/", views_handover.handover_page, name="handover"),
    path("gezinnen/<int:family_id>/overdracht/<int:handover_id>/afronden/",
         views_handover.handover_complete, name="handover-complete"),
    path("gezinnen/<int:family_id>/logboek/", views.audit_tab, name="audit"),
    path("gezinnen/<int:family_id>/voor-het-gezin/", views.family_view, name="family-view"),
]
