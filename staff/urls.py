"""The staff pages, routed under the admin's prefix by the project's urls."""

from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.enrol, name="enrol"),
    path("ma/", views.verify, name="verify"),
]
