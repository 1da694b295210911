from django.urls import path

from brug.screening import views

app_name = "screening"

urlpatterns = [
    path("gezinnen/<int:family_id>/kansarmoede/", views.kansarmoede_tab, name="kansarmoede"),
    path("gezinnen/<int:family_id>/grondrechten/", views.rights_tab, name="rights"),
    path("gezinnen/<int:family_id>/grondrechten/nieuw/", views.assessment_create,
         name="assessment-create"),
    path("gezinnen/<int:family_id>/grondrechten/<int:assessment_id>/", views.assessment_detail,
         name="assessment-detail"),
]
