"""Two saves of one article from the same version at the same moment: exactly
one wins, through the admin and through the service alone."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client

from articles.admin import versions as admin_versions
from articles.models import Article
from articles.workflow import revisions
from articles.workflow.versions import StaleVersion
from tests.articles.desk import change_form, change_url
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(monkeypatch, module, name, calls):
    """Make `module.name` wait until both threads have reached it, then run
    `calls` (one function per thread) and return their results."""
    barrier = threading.Barrier(2)
    real = getattr(module, name)

    def waiting(**kwargs):
        barrier.wait(timeout=30)
        return real(**kwargs)

    monkeypatch.setattr(module, name, waiting)

    def run(call):
        try:
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(run, calls))


def test_two_admin_saves_from_one_version_at_once_one_is_refused(monkeypatch):
    article = make_article(status=Article.Status.DRAFT)
    editors = [make_user(f"bientap{n}", group="Biên tập viên") for n in range(2)]

    def save_as(editor, title):
        def call():
            client = Client()
            client.force_login(editor)
            form = change_form(article, title=title, seen_version=1)
            return client.post(change_url(article), form).status_code

        return call

    calls = [save_as(editors[0], "Bản một"), save_as(editors[1], "Bản hai")]
    statuses = at_once(monkeypatch, admin_versions, "hold", calls)

    assert sorted(statuses) == [200, 302]
    stored = Article.objects.get(pk=article.pk)
    assert stored.version == 2
    assert stored.title == ["Bản một", "Bản hai"][statuses.index(302)]


def test_two_service_saves_from_one_version_at_once_one_is_refused(monkeypatch):
    article = make_article(status=Article.Status.DRAFT)
    approver = make_user("duyettin", group="Duyệt tin")

    def save(title):
        def call():
            copy = Article.objects.get(pk=article.pk)
            copy.title = title
            try:
                revisions.save_edit(article=copy, by=approver, expected_version=1)
            except StaleVersion:
                return "refused"
            return "saved"

        return call

    results = at_once(monkeypatch, revisions, "claim", [save("Bản một"), save("Bản hai")])

    assert sorted(results) == ["refused", "saved"]
    assert Article.objects.get(pk=article.pk).version == 2
