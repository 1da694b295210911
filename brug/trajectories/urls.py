from django.urls import path

from brug.trajectories import views

app_name = "trajectories"

T = "gezinnen/<int:family_id>/trajecten/<int:trajectory_id>/"

urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("netwerk/caseload/", views.caseload, name="caseload"),
    path("netwerk/programmas/", views.programme_list, name="programmes"),
    path("netwerk/afwijkingen/", views.override_list, name="overrides"),
    path("netwerk/afwijkingen/<int:override_id>/", views.override_decide,
         name="override-decide"),
    path("netwerk/programmas/nieuw/", views.programme_edit, name="programme-create"),
    path("netwerk/programmas/<int:programme_id>/", views.programme_edit, name="programme-edit"),
    path("gezinnen/<int:family_id>/trajecten/", views.trajectory_tab, name="tab"),
    path("gezinnen/<int:family_id>/trajecten/nieuw/", views.trajectory_open, name="open"),
    path("gezinnen/<int:family_id>/contacten/nieuw/", views.contact_add, name="contact-add"),
    path("gezinnen/<int:family_id>/contacten/<int:contact_id>/", views.contact_edit,
         name="contact-edit"),
    path("gezinnen/<int:family_id>/contacten/<int:contact_id>/verwijderen/",
         views.contact_remove, name="contact-remove"),
    path(T, views.trajectory_detail, name="detail"),
    path(T + "verlengen/", views.trajectory_extend, name="extend"),
    path(T + "afsluiten/", views.trajectory_close, name="close"),
    path(T + "doelen/", views.goal_plan, name="plan"),
    path(T + "doelen/gezin/", views.goal_plan_family, name="plan-family"),
    path(T + "doelen/<int:goal_id>/", views.goal_edit, name="goal-edit"),
    path(T + "evaluaties/<int:review_id>/", views.review_record, name="review"),
    path(T + "casusoverleg/nieuw/", views.conference_plan, name="conference-plan"),
    path(T + "casusoverleg/<int:conference_id>/", views.conference_record, name="conference"),
    path(T + "casusoverleg/<int:conference_id>/reactie/", views.conference_comment,
         name="conference-comment"),
    path(T + "casusoverleg/<int:conference_id>/ouders/", views.conference_for_parents,
         name="conference-parents"),
]
