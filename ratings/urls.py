"""URLs of ratings, included once at the site root by vpcp_portal/urls.py:
the plain rating page, the JSON API under /api/ratings/, and
django-simple-captcha's image URLs under /captcha/ (left outside the
`ratings` namespace, where the library looks them up)."""

from django.urls import include, path, re_path

from . import api, views

ratings_patterns = [
    path("danh-gia/<int:article_id>/", views.rate, name="rate"),
    path("api/ratings/captcha/", api.new_captcha, name="api_captcha"),
    re_path(
        r"^api/ratings/captcha/(?P<key>[0-9a-f]{40})/audio\.wav$",
        api.captcha_audio,
        name="captcha_audio",
    ),
    path("api/ratings/<int:article_id>/", api.article_ratings, name="api_article"),
]

urlpatterns = [
    path("", include((ratings_patterns, "ratings"))),
    path("captcha/", include("captcha.urls")),
]
