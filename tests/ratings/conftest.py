import pytest
from django.test import Client

from tests.factories import make_article, make_user, restore_staff_groups


@pytest.fixture
def portal_groups(db):
    restore_staff_groups()


@pytest.fixture
def article(db):
    return make_article()


@pytest.fixture
def browser_client():
    """A client that, like a browser, must send Django's CSRF token."""
    return Client(enforce_csrf_checks=True, headers={"user-agent": "Mozilla/5.0 (pytest)"})


@pytest.fixture
def moderator(db):
    return make_user("kiemduyet", group="Kiểm duyệt viên")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
