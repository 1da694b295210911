from django.urls import path

from brug.signals import views

app_name = "signals"

urlpatterns = [
    path("signalen/", views.bundle, name="bundle"),
    path("signalen/export.csv", views.bundle_export, name="export"),
    path("signalen/suggesties/", views.suggestions, name="suggestions"),
    path("signalen/nakijken/", views.review, name="review"),
    path("signalen/nakijken/<int:barrier_id>/vrijgeven/", views.release, name="release"),
    path("signalen/nieuw/", views.collective_create, name="collective-create"),
    path("signalen/overleg/", views.meetings, name="meetings"),
    path("signalen/overleg/<int:meeting_id>/agenda/", views.agenda, name="agenda"),
    path("signalen/<int:collective_id>/", views.collective_detail, name="collective"),
    path("signalen/<int:collective_id>/bewerken/", views.collective_edit, name="collective-edit"),
    path("signalen/<int:collective_id>/groep/", views.collective_add_group, name="add-group"),
    path("signalen/<int:collective_id>/actieplan/", views.plan_save, name="plan"),
    path("signalen/<int:collective_id>/acties/", views.action_add, name="action-add"),
    path("signalen/<int:collective_id>/acties/<int:action_id>/klaar/", views.action_done,
         name="action-done"),
    path("gezinnen/<int:family_id>/drempels/", views.family_barriers, name="family"),
    path("gezinnen/<int:family_id>/drempels/<int:barrier_id>/bewerken/", views.barrier_edit,
         name="barrier-edit"),
]
