from django.urls import path

from brug.portal import urls_dossier, views, worker_views

app_name = "portal"

urlpatterns = [
    path("gezin/", views.home, name="home"),
    path("gezin/aanmelden/", views.sign_in, name="login"),
    path("gezin/activeren/", views.activate, name="activate"),
    path("gezin/afmelden/", views.sign_out, name="logout"),
    path("gezin/taal/", views.language, name="language"),
    path("gezin/toestemming/", views.consents, name="consents"),
    path("gezin/toestemming/<int:consent_id>/intrekken/", views.consent_withdraw,
         name="consent-withdraw"),
    path("gezin/begeleiding-stoppen/", views.mandate_end, name="mandate-end"),
    path("gezin/berichten/", views.messages_page, name="messages"),
    # The worker's side: the dossier tab "Gezinsportaal".
    path("gezinnen/<int:family_id>/gezinsportaal/", worker_views.portal_tab, name="worker-tab"),
    path("gezinnen/<int:family_id>/gezinsportaal/nieuw/", worker_views.account_create,
         name="worker-create"),
    path("gezinnen/<int:family_id>/gezinsportaal/<int:account_id>/nieuwe-code/",
         worker_views.code_reissue, name="worker-reissue"),
    path("gezinnen/<int:family_id>/gezinsportaal/<int:account_id>/intrekken/",
         worker_views.account_revoke, name="worker-revoke"),
    path("gezinnen/<int:family_id>/gezinsportaal/berichten/<int:message_id>/gelezen/",
         worker_views.message_read, name="worker-message-read"),
]

# The family's dossier pages (plan, rights, referrals, conferences, who looked, my data).
urlpatterns += urls_dossier.urlpatterns
