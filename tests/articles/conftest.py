import pytest
from django.test.signals import template_rendered

import pagecache

PAGE_TEMPLATES = {
    "articles/home.html",
    "articles/category.html",
    "articles/article_detail.html",
    "articles/search.html",
}


class Renders:
    """Counts the public pages rendered (their top templates), in any thread."""

    def __init__(self):
        self.names = []

    def __call__(self, sender, template, **_):
        if template.name in PAGE_TEMPLATES:
            self.names.append(template.name)

    @property
    def count(self):
        return len(self.names)


@pytest.fixture
def renders():
    counter = Renders()
    template_rendered.connect(counter, dispatch_uid="count-page-renders")
    yield counter
    template_rendered.disconnect(dispatch_uid="count-page-renders")


@pytest.fixture
def expired():
    """Every surrogate key pagecache.pages_expired was sent with (what a
    cache in front, Varnish or a CDN, purges)."""
    sent = set()

    def receiver(keys, **_):
        sent.update(keys)

    pagecache.pages_expired.connect(receiver, dispatch_uid="test-articles-expired")
    yield sent
    pagecache.pages_expired.disconnect(dispatch_uid="test-articles-expired")
