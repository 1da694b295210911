from django.urls import path

from brug.aid import views

app_name = "aid"

F = "gezinnen/<int:family_id>/steun/"

urlpatterns = [
    path("steun/fondsen/", views.funds, name="funds"),
    path("steun/fondsen/export/", views.funds_export, name="funds-export"),
    path("steun/fondsen/nieuw/", views.fund_edit, name="fund-create"),
    path("steun/fondsen/<int:fund_id>/", views.fund_edit, name="fund"),
    path(F, views.aid_tab, name="tab"),
    path(F + "nieuw/", views.aid_add, name="add"),
    path(F + "tolk/nodig/", views.need_add, name="need-add"),
    path(F + "tolk/<int:need_id>/niet-meer/", views.need_end, name="need-end"),
    path(F + "tolk/boeken/", views.booking_add, name="booking-add"),
]
