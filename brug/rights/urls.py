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
    path("rechten/screening/", views.screen, name="screen"),
    path("rechten/screening/<int:run_id>/", views.screen_run, name="screen-run"),
    path("rechten/screening/<int:run_id>/verder/", views.screen_step, name="screen-step"),
    path("rechten/screening/<int:run_id>/gemist.csv", views.screen_csv, name="screen-csv"),
    path("rechten/screening/<int:run_id>/gemist.xlsx", views.screen_xlsx, name="screen-xlsx"),
    path("rechten/screening/<int:run_id>/fouten.csv", views.screen_errors,
         name="screen-errors"),
]
