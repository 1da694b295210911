from django.urls import path

from brug.volunteers import views

app_name = "volunteers"

F = "gezinnen/<int:family_id>/vrijwilliger/"

urlpatterns = [
    path("vrijwilligers/", views.overview, name="overview"),
    path("vrijwilligers/mijn-gezinnen/", views.my_matches, name="mine"),
    path("vrijwilligers/profielen/", views.profiles, name="profiles"),
    path("vrijwilligers/profielen/<int:worker_id>/", views.profile_edit, name="profile"),
    path("vrijwilligers/overleg/", views.meetings, name="meetings"),
    path("vrijwilligers/overleg/<int:volunteer_meeting_id>/", views.meetings, name="meeting"),
    path(F, views.volunteer_tab, name="tab"),
    path(F + "vraag/nieuw/", views.request_create, name="request-create"),
    path(F + "vraag/<int:volunteer_request_id>/", views.request_detail, name="request"),
    path(F + "match/<int:match_id>/", views.match_detail, name="match"),
    path(F + "match/<int:match_id>/einde/", views.match_end, name="match-end"),
    path(F + "bezoek/<int:volunteer_visit_id>/opgevolgd/", views.concern_handled,
         name="concern-handled"),
]
