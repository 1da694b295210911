from django.urls import path

from brug.portal import views

app_name = "portal"

urlpatterns = [
    path("gezin/", views.home, name="home"),
    path("gezin/aanmelden/", views.sign_in, name="login"),
    path("gezin/activeren/", views.activate, name="activate"),
    path("gezin/afmelden/", views.sign_out, name="logout"),
    path("gezin/taal/", views.language, name="language"),
]
