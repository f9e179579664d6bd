"""Whatever changes a published article at once asks an approver for a
recent code, not only the publish buttons: a plain save (an approver's edit
goes live), a restored revision, a delete. An editor's edit of a published
article waits for review, so it asks nothing."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.desk import change_form, change_url, staff
from tests.factories import make_article
from tests.staff.signing_in import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


@pytest.fixture
def approver_without_app(client):
    sign_in(client, staff("approver").username)
    return client


def test_an_approvers_plain_save_of_a_published_article_asks_for_the_app(approver_without_app):
    article = make_article(title="Thông báo chính thức")
    response = approver_without_app.post(
        change_url(article), change_form(article, title="Thông báo giả mạo", _save="1")
    )
    assert response["Location"].startswith(reverse("staff:enrol"))
    assert Article.objects.get(pk=article.pk).title == "Thông báo chính thức"


def test_restoring_or_deleting_a_published_article_asks_for_the_app(approver_without_app):
    article = make_article()
    revision = article.history.first()
    restore = reverse("admin:articles_revision_restore", args=[article.pk, revision.history_id])
    delete = reverse("admin:articles_article_delete", args=[article.pk])
    changelist = reverse("admin:articles_article_changelist")
    for url, data in [
        (restore, {"seen_version": article.version}),
        (delete, {"post": "yes"}),
        (
            changelist,
            {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
        ),
    ]:
        response = approver_without_app.post(url, data)
        assert response["Location"].startswith(reverse("staff:enrol")), url
    assert Article.objects.filter(pk=article.pk, status=Article.Status.PUBLISHED).exists()


def test_an_editors_edit_of_a_published_article_waits_for_review_and_asks_nothing(client):
    article = make_article(title="Thông báo chính thức")
    sign_in(client, staff("editor").username)
    response = client.post(
        change_url(article), change_form(article, title="Thông báo đã sửa", _save="1")
    )
    assert response.status_code == 302
    assert not response["Location"].startswith("/quan-tri/xac-thuc-hai-buoc/")
    assert Article.objects.get(pk=article.pk).title == "Thông báo chính thức"  # pending


def test_an_approver_saves_a_draft_without_the_app(approver_without_app):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    approver_without_app.post(change_url(article), change_form(article, title="Bản nháp mới"))
    assert Article.objects.get(pk=article.pk).title == "Bản nháp mới"
