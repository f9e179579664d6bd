"""`manage.py expire_pages`, the last step of a rolling deploy: pages cached
before it are rendered again after it."""

import pytest
from django.core.management import call_command

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_expire_pages_makes_every_cached_page_render_again(client):
    article = make_article()
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    call_command("expire_pages")

    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
