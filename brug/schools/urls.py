from django.urls import path

from brug.schools import views

app_name = "schools"

urlpatterns = [
    path("scholen/", views.school_list, name="list"),
    path("scholen/nieuw/", views.school_create, name="create"),
    path("scholen/inlezen/", views.school_import, name="import"),
    path("scholen/export/", views.school_export, name="export"),
    path("scholen/verdeling/", views.allocation_page, name="allocation"),
    path("scholen/verdeling/<int:presence_id>/", views.presence_edit, name="presence"),
    path("scholen/tellingen/", views.counts, name="counts"),
    path("scholen/<int:school_id>/", views.school_detail, name="school"),
    path("scholen/<int:school_id>/bewerken/", views.school_edit, name="edit"),
    path("scholen/<int:school_id>/vorming/", views.training_create, name="training"),
    path("gezinnen/<int:family_id>/school/", views.family_questions, name="family"),
]
