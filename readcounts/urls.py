"""The read beacon, included at the site root by vpcp_portal/urls.py."""

from django.urls import path

from . import views

app_name = "readcounts"
urlpatterns = [
    path("api/doc/<int:article_id>/", views.read_beacon, name="read"),
]
