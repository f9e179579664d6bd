"""URLs of ratings, included once at the site root by vpcp_portal/urls.py:
the plain rating page, the JSON API under /api/ratings/, and the captcha
images under /captcha/image/.

Only the image views of django-simple-captcha are routed, throttled, under
the names its helpers reverse (outside the `ratings` namespace, where the
library looks them up). Its other views stay unrouted: /captcha/refresh/
made a captcha row per request, unthrottled, and /captcha/audio/ reads
English (ratings has its Vietnamese audio under /api/ratings/captcha/)."""

from django.urls import include, path, re_path

from . import api, captcha_views, views

ratings_patterns = [
    path("danh-gia/<int:article_id>/", views.rate, name="rate"),
    path("api/ratings/captcha/", api.new_captcha, name="api_captcha"),
    re_path(
        r"^api/ratings/captcha/(?P<key>[0-9a-f]{40})/audio\.wav$",
        captcha_views.captcha_audio,
        name="captcha_audio",
    ),
    path("api/ratings/<int:article_id>/", api.article_ratings, name="api_article"),
]

# The library's own patterns (captcha/urls.py), so that its helpers and
# fields reverse them as they expect.
captcha_image_patterns = [
    re_path(
        r"^captcha/image/(?P<key>\w+)/$",
        captcha_views.captcha_image,
        {"scale": 1},
        name="captcha-image",
    ),
    re_path(
        r"^captcha/image/(?P<key>\w+)@2/$",
        captcha_views.captcha_image,
        {"scale": 2},
        name="captcha-image-2x",
    ),
]

urlpatterns = [
    path("", include((ratings_patterns, "ratings"))),
    *captcha_image_patterns,
]
