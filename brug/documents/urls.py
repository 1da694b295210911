from django.urls import path

from brug.documents import views

app_name = "documents"

F = "gezinnen/<int:family_id>/documenten/"
D = F + "<int:document_id>/"

urlpatterns = [
    path(F, views.documents_tab, name="tab"),
    path(F + "nieuw/", views.document_add, name="add"),
    path(D, views.document_download, name="download"),
    path(D + "verwijderen/", views.document_delete, name="delete"),
]
