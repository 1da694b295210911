from django.urls import path

from brug.screening import views

app_name = "screening"

urlpatterns = [
    path("netwerk/grondrechten/", views.fundamental_right_list, name="fundamental-rights"),
    path("netwerk/grondrechten/nieuw/", views.fundamental_right_edit,
         name="fundamental-right-create"),
    path("netwerk/grondrechten/<int:fundamental_right_id>/", views.fundamental_right_edit,
         name="fundamental-right-edit"),
    path("gezinnen/<int:family_id>/kansarmoede/", views.kansarmoede_tab, name="kansarmoede"),
    path("gezinnen/<int:family_id>/kansarmoede/<int:screening_id>/", views.screening_edit,
         name="screening-edit"),
    path("gezinnen/<int:family_id>/grondrechten/", views.rights_tab, name="rights"),
    path("gezinnen/<int:family_id>/grondrechten/nieuw/", views.assessment_create,
         name="assessment-create"),
    path("gezinnen/<int:family_id>/grondrechten/<int:assessment_id>/", views.assessment_detail,
         name="assessment-detail"),
]
