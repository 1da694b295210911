from django.urls import path

from brug.today import views

app_name = "today"

urlpatterns = [
    path("", views.home, name="home"),
    path("vandaag/teller/", views.counter, name="counter"),
    path("vandaag/team/", views.team, name="team"),
    path("vandaag/team/<int:worker_id>/", views.team_worker, name="team-worker"),
]
