from django.urls import path

from brug.concerns import views

app_name = "concerns"

urlpatterns = [
    path("zorgen/", views.open_concerns, name="open"),
    path("zorgen/<int:concern_id>/", views.concern_detail, name="detail"),
    path("zorgen/<int:concern_id>/herbekijken/", views.concern_review, name="review"),
    path("zorgen/<int:concern_id>/afsluiten/", views.concern_close, name="close"),
    path("gezinnen/<int:family_id>/zorgen/", views.concern_tab, name="tab"),
    path("gezinnen/<int:family_id>/zorgen/nieuw/", views.concern_create, name="create"),
]
