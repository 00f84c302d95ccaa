"""法律法规库 pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
