from django.urls import URLPattern, URLResolver, path

from . import officer, views

app_name = "party_portal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("case/", views.summary, name="summary"),
    path("documents/", views.documents, name="documents"),
    path("documents/<int:pk>/pdf/", views.document_pdf, name="document_pdf"),
    path("statement/", views.statement, name="statement"),
    path("payment/", views.payment, name="payment"),
    path("consent/", views.consent, name="consent"),
    path("remedies/", views.remedies, name="remedies"),
    path("officer/<int:case_pk>/regenerate/", officer.officer_regenerate, name="officer_regenerate"),
    path("officer/requests/<int:pk>/done/", officer.officer_request_done, name="officer_request_done"),
]
