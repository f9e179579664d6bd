from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from core import health
from images.views import private_media

handler400 = "core.errors.bad_request"

urlpatterns = [
    path("readyz", health.readyz, name="readyz"),
    path("favicon.ico", health.favicon),
    # Uploads not approved yet, for staff (images/storage.py); before the
    # admin, whose catch-all would take the address.
    path("quan-tri/anh-rieng/<path:name>", private_media, name="private_media"),
    path("quan-tri/", admin.site.urls),
    path("", include("ratings.urls")),  # rating page, /api/ratings/, /captcha/
    path("", include("readcounts.urls")),  # the read beacon, /api/doc/<id>/
    path("", include("articles.urls")),
]

if (settings.DEBUG or settings.SERVE_MEDIA) and settings.MEDIA_STORAGE == "filesystem":
    # One-machine setups only; production serves media from nginx or object
    # storage (docs/deployment.md, "Past one machine").
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
