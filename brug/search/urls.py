from django.urls import path

from brug.search import views

app_name = "search"

urlpatterns = [
    path("zoeken/", views.search, name="search"),
]
