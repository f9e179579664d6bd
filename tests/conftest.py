import os

import pytest
from django.core.cache import caches
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import override_settings

from pagecache import generation
from pagecache import wsgi as hits
from tests.browsers import browser  # noqa: F401  (Chromium, shared by the browser tests)
from tests.factories import make_user, prove_second_factor
from tests.migrating import migrate_to


def pytest_configure(config):
    """For the whole run: passwords hashed in one round (tests/passwords.py),
    and WhiteNoise looking static files up when asked for one instead of
    listing STATIC_ROOT each time a test client loads the middleware (most
    of a test's time once `collectstatic` has filled it)."""
    override_settings(
        PASSWORD_HASHERS=["tests.passwords.OneRoundPBKDF2PasswordHasher"],
        WHITENOISE_AUTOREFRESH=True,
    ).enable()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config, specs):
    """Give each pytest-xdist worker a Redis database of its own (the tests
    empty theirs with FLUSHDB) and a key prefix of its own (it names the page
    cache's pub/sub channel, which all databases share): the URLs in
    TEST_REDIS_URLS, one per worker. pytest-django already gives each worker
    its own test database.

    Raises pytest.UsageError when there are fewer URLs than workers.
    """
    urls = os.environ.get("TEST_REDIS_URLS", "").split()
    if len(urls) < len(specs):
        raise pytest.UsageError(
            f"{len(specs)} workers need as many Redis databases in TEST_REDIS_URLS "
            f"(each empties its own), got {len(urls)}: {urls}"
        )
    prefix = os.environ.get("CACHE_KEY_PREFIX", "vpcp-test")
    for spec, url in zip(specs, urls, strict=False):
        spec.env.update(REDIS_URL=url, CACHE_KEY_PREFIX=f"{prefix}-{spec.id}")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to temporary folders, never into the repository:
    public media, and the private storage of uploads not approved yet."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if settings.MEDIA_STORAGE == "filesystem":
        private = {**settings.STORAGES["private"], "OPTIONS": {"location": tmp_path / "private"}}
        settings.STORAGES = {**settings.STORAGES, "private": private}


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no page, counter or lock-out
    left over from another test."""
    for cache in caches.all():
        cache.clear()
    generation.forget()  # its row starts again from 0 in an emptied database
    hits.forget()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def second_factor_with_force_login(request, monkeypatch):
    """Staff a test signs in with force_login have just given a second
    factor's code, as staff who publish have. Tests marked `second_factor`
    (the tests of staff sign-in) get a plain force_login."""
    if request.node.get_closest_marker("second_factor"):
        return
    force_login = Client.force_login

    def force_login_with_second_factor(client, user, backend=None):
        force_login(client, user, backend)
        prove_second_factor(client, user)

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


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


@pytest.fixture
def latest_migrations():
    """Every app's last migration, for a test that takes the database back to
    an older layout; the database is migrated back there after the test,
    whatever happened, so the tests after it find today's schema."""
    nodes = MigrationExecutor(connection).loader.graph.leaf_nodes()
    yield nodes
    migrate_to(nodes)
