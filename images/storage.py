"""Where uploads live: the private storage until their version is approved,
the public (default) storage after.

Every file of an upload (its clean original and its renditions) is written to
`storages["private"]` first, under the same random name it keeps for life;
`publish` copies it to the default storage, which readers reach, and removes
the private copy. The private storage's URLs lead to a staff-only view
(images.views.private_media), which streams the file, or redirects to the
public copy once the file is published, so a staff page may link either.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import LazyObject, empty

# Set while a staff page (a preview) is rendered: media links go through the
# staff-only view, which serves files not yet public.
_staff_urls: ContextVar[bool] = ContextVar("staff_media_urls", default=False)


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _forget_private(*, setting, **kwargs):
    if setting == "STORAGES":  # as Django does for default_storage
        _private._wrapped = empty  # type: ignore[assignment] # LazyObject's own sentinel


def private_storage():
    """The storage of uploads not yet approved (STORAGES["private"]), looked
    up when first used: the image fields name this function as their storage,
    and an original stays there for life (readers see renditions only)."""
    return _private


def staff_url(name: str) -> str:
    """The staff-only address of a stored file, private or public."""
    return reverse("private_media", kwargs={"name": name})


class StaffURLMixin:
    """Storage URLs that lead to the staff-only view, never to the files."""

    def url(self, name):
        return staff_url(name)


class PrivateFileSystemStorage(StaffURLMixin, FileSystemStorage):
    """A folder outside MEDIA_ROOT, which nothing serves to the public."""


@contextmanager
def staff_media() -> Iterator[None]:
    """Within: `media_url` gives staff-only addresses (previews of drafts and
    pending changes, whose images are not public yet)."""
    token = _staff_urls.set(True)
    try:
        yield
    finally:
        _staff_urls.reset(token)


def media_url(name: str) -> str:
    """The address a page links a stored file by: the public one, or the
    staff-only one inside `staff_media()`."""
    return staff_url(name) if _staff_urls.get() else default_storage.url(name)


def open_stored(name: str):
    """The stored file `name` opened for reading, wherever it is (private
    first). Raises FileNotFoundError (or the storage's error) when absent."""
    private = private_storage()
    if private.exists(name):
        return private.open(name, "rb")
    return default_storage.open(name, "rb")


def publish(names: Iterable[str]) -> list[str]:
    """Make the files `names` public: each one still in the private storage is
    copied to the default storage under the same name, then removed from the
    private one. Files already public (or never private) are left alone, so
    calling it again costs one existence check per name.

    Returns the names copied. Raises the storages' errors (OSError, botocore's
    ClientError): the caller's transaction then does not approve anything.
    """
    private = private_storage()
    moved = []
    for name in dict.fromkeys(n for n in names if n):
        if not private.exists(name):
            continue
        if not default_storage.exists(name):
            with private.open(name, "rb") as source:
                stored = default_storage.save(name, source)
            if stored != name:  # another server published it in between
                default_storage.delete(stored)
        private.delete(name)
        moved.append(name)
    return moved
