from django.urls import path

from brug.rights import views

app_name = "rights"

urlpatterns = [
    path("gezinnen/<int:family_id>/rechten/", views.rights_tab, name="tab"),
    path("gezinnen/<int:family_id>/rechten/antwoord/", views.answer, name="answer"),
    path("gezinnen/<int:family_id>/rechten/wissen/", views.fact_forget, name="fact-forget"),
    path("gezinnen/<int:family_id>/rechten/schema/", views.schema, name="schema"),
    path("gezinnen/<int:family_id>/rechten/recht/<str:right_id>/", views.claim, name="claim"),
    path("rechten/catalogus/", views.catalogue, name="catalogue"),
]
