import pytest
from django.core.cache import caches

from tests.browsers import browser  # noqa: F401  (Chromium, shared by the browser tests)
from tests.factories import make_user


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no page, counter or lock-out
    left over from another test."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def editor(db):
    return make_user("bientap", group="Biên tập viên")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def approver(db):
    return make_user("duyettin", group="Duyệt tin")


@pytest.fixture
def approver_client(client, approver):
    client.force_login(approver)
    return client
