"""Uploaded media: where images and their renditions are stored and served.

Two storages. `default` holds what readers may see (the renditions and clean
originals of approved versions); `private` holds every upload not yet part of
an approved version, processed the same way but served only to staff
(images.storage, images.views). Approval moves files from the second to the
first (articles.uploads.publish_uploads).

MEDIA_STORAGE=filesystem (the default, `make run`): two folders, the private
one outside MEDIA_ROOT so nothing that serves MEDIA_ROOT can reach it.
MEDIA_STORAGE=s3: two buckets of an S3-compatible object store through
django-storages; readers fetch public media from MEDIA_URL (the public
bucket's address, or a path nginx proxies to it), which the CSP allows.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from vpcp_portal.env import BASE_DIR, env

from .base import DEBUG

MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(
    env.str("DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "media-private"))
)
# Let Django serve uploaded media (make serve on one machine); production
# leaves this off and serves media from nginx or object storage.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=False)

# Content-hashed, compressed static files in production; plain files while
# developing and testing, where no collectstatic has run.
_STATICFILES = {
    "BACKEND": (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
}

if MEDIA_STORAGE == "filesystem":
    MEDIA_URL = env.str("DJANGO_MEDIA_URL", default="/media/")
    if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
        raise ImproperlyConfigured(
            "DJANGO_PRIVATE_MEDIA_ROOT must lie outside DJANGO_MEDIA_ROOT: "
            "whatever serves media would serve unapproved uploads."
        )
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "images.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
        },
        "staticfiles": _STATICFILES,
    }
elif MEDIA_STORAGE == "s3":
    _endpoint = env.str("AWS_S3_ENDPOINT_URL", default="")
    _bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    _private_bucket = env.str("AWS_PRIVATE_BUCKET_NAME", default="")
    if not (_bucket and _private_bucket) or _bucket == _private_bucket:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (public) and "
            "AWS_PRIVATE_BUCKET_NAME (unapproved uploads), two different buckets."
        )
    _default_url = f"{_endpoint.rstrip('/')}/{_bucket}/" if _endpoint else ""
    MEDIA_URL = env.str("DJANGO_MEDIA_URL", default=_default_url)
    if not MEDIA_URL:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs DJANGO_MEDIA_URL or AWS_S3_ENDPOINT_URL."
        )
    _s3 = {
        # Without keys, boto3 looks for the machine's role (or its own files).
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        "endpoint_url": _endpoint or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path"),
        "signature_version": "s3v4",
        # Random names: an object is never replaced, and a name taken is a bug.
        "file_overwrite": False,
        "default_acl": None,  # the buckets' policies decide who reads
    }
    STORAGES = {
        "default": {
            "BACKEND": "images.s3.PublicS3Storage",
            "OPTIONS": {**_s3, "bucket_name": _bucket, "querystring_auth": False},
        },
        "private": {
            "BACKEND": "images.s3.PrivateS3Storage",
            "OPTIONS": {**_s3, "bucket_name": _private_bucket},
        },
        "staticfiles": _STATICFILES,
    }
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}.")

# The origin media come from when it is not the site's own (CSP img-src).
_media = urlsplit(MEDIA_URL)
MEDIA_ORIGIN = f"{_media.scheme}://{_media.netloc}" if _media.netloc else ""
