from django.urls import path

from brug.childcare import views

app_name = "childcare"

F = "gezinnen/<int:family_id>/kinderopvang/"

urlpatterns = [
    path("kinderopvang/", views.desk, name="desk"),
    path("kinderopvang/opvang/", views.providers, name="providers"),
    path("kinderopvang/opvang/<int:provider_id>/", views.provider_detail, name="provider"),
    path("kinderopvang/regels/", views.rules, name="rules"),
    path(F, views.tab, name="tab"),
    path(F + "aanvraag/nieuw/", views.request_create, name="request-create"),
    path(F + "aanvraag/<int:childcare_request_id>/", views.request_detail, name="request"),
    path(F + "voorstel/<int:offer_id>/", views.offer_detail, name="offer"),
    path(F + "prijs/", views.price_view, name="price"),
]
