"""The storages of MEDIA_STORAGE=s3 (vpcp_portal/settings/media.py): two
buckets of an S3-compatible object store, through django-storages.

Imported only when configured, so a file-system setup never loads boto3.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from .storage import StaffURLMixin


class PublicS3Storage(S3Storage):
    """The public bucket, linked at MEDIA_URL: the bucket's own address, or a
    path of the site that nginx proxies to it. Unsigned links, the same from
    every app server, so cached pages stay valid."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))


class PrivateS3Storage(StaffURLMixin, S3Storage):
    """The private bucket (no anonymous read): staff see its files through
    the staff-only view, never by a signed link that could be passed on."""
