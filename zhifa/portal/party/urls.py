from django.urls import URLPattern, URLResolver

app_name = "party_portal"

urlpatterns: list[URLPattern | URLResolver] = []
