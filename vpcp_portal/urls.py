from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from core import health

handler400 = "core.errors.bad_request"

urlpatterns = [
    path("readyz", health.readyz, name="readyz"),
    path("favicon.ico", health.favicon),
    # Two-step sign-in, inside the admin's prefix (before the admin's catch-all).
    path("quan-tri/xac-thuc-hai-buoc/", include("staff.urls")),
    path("quan-tri/", admin.site.urls),
    path("", include("ratings.urls")),  # rating page, /api/ratings/, /captcha/
    path("", include("readcounts.urls")),  # the read beacon, /api/doc/<id>/
    path("", include("articles.urls")),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # One-machine setups only; production serves media from nginx or object
    # storage (docs/deployment.md, "Past one machine").
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
