"""Approval is of a version: an approver publishes the text they read. When
the editor rewrites the article after the approver opened it, the approver's
publish (from the form or from the list) is refused and readers see nothing."""

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.workflow import services
from articles.workflow.versions import StaleVersion
from tests.articles.desk import change_form, change_url, list_action, staff
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def seen_in_list(page, article):
    """The version the list's row of `article` carries."""
    return int(re.search(rf'name="_version_{article.pk}" value="(\d+)"', page).group(1))


def rewrite(editor, article, **changes):
    response = logged_in(editor).post(change_url(article), change_form(article, **changes))
    assert response.status_code == 302


def test_a_publish_from_the_form_of_an_older_version_is_refused():
    editor, approver = staff("editor"), staff("approver")
    article = make_article(status=S.SUBMITTED, title="Bản đã đọc")
    desk = logged_in(approver)
    page = desk.get(change_url(article)).content.decode()
    seen = int(re.search(r'name="seen_version" value="(\d+)"', page).group(1))

    rewrite(editor, article, title="Bản viết lại")
    refused = desk.post(change_url(article), change_form(article, seen_version=seen, _publish="1"))

    assert refused.status_code == 200
    assert editor.username in " ".join(refused.context["adminform"].form.non_field_errors())
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.title) == (S.SUBMITTED, "Bản viết lại")
    assert Client().get(stored.get_absolute_url()).status_code == 404


def test_the_list_publishes_only_the_versions_the_approver_saw():
    editor, approver = staff("editor"), staff("approver")
    changed = make_article(status=S.SUBMITTED, title="Bài bị sửa sau")
    unchanged = make_article(status=S.SUBMITTED, title="Bài giữ nguyên")
    desk = logged_in(approver)
    page = desk.get(CHANGELIST).content.decode()
    seen = {a: seen_in_list(page, a) for a in (changed, unchanged)}

    rewrite(editor, changed, title="Bài bị sửa sau (bản mới)")
    response = desk.post(
        CHANGELIST, list_action("publish_selected", changed, unchanged, versions=seen)
    )

    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Bài bị sửa sau (bản mới)" in t and editor.username in t for t in texts)
    assert Article.objects.get(pk=changed.pk).status == S.SUBMITTED
    assert Article.objects.get(pk=unchanged.pk).status == S.PUBLISHED
    reader = Client()
    assert reader.get(Article.objects.get(pk=changed.pk).get_absolute_url()).status_code == 404
    assert reader.get(unchanged.get_absolute_url()).status_code == 200


def test_a_publish_of_the_version_read_goes_through_from_the_form():
    article = make_article(status=S.SUBMITTED)
    desk = logged_in(staff("approver"))

    response = desk.post(change_url(article), change_form(article, _publish="1"))

    assert response.status_code == 302
    assert Client().get(article.get_absolute_url()).status_code == 200


def test_the_list_refuses_an_article_whose_row_sent_no_version():
    article = make_article(status=S.SUBMITTED, title="Bài chưa hiện trong danh sách")
    desk = logged_in(staff("approver"))

    response = desk.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [article.pk]}
    )

    texts = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Bài chưa hiện trong danh sách" in texts
    assert Article.objects.get(pk=article.pk).status == S.SUBMITTED


def test_approving_a_pending_change_pins_the_proposal_the_approver_read():
    editor, approver = staff("editor"), staff("approver")
    article = make_article(title="Tin đã đăng")
    rewrite(editor, article, title="Đề xuất đã đọc")
    desk = logged_in(approver)
    page = desk.get(change_url(article)).content.decode()
    seen = int(re.search(r'name="seen_version" value="(\d+)"', page).group(1))

    rewrite(editor, article, title="Đề xuất viết lại")
    refused = desk.post(
        change_url(article),
        change_form(article, title="Đề xuất đã đọc", seen_version=seen, _approve_change="1"),
    )

    assert refused.status_code == 200
    assert Article.objects.get(pk=article.pk).title == "Tin đã đăng"
    assert "Đề xuất" not in Client().get(article.get_absolute_url()).content.decode()


def test_the_service_refuses_a_stale_expected_version():
    article = make_article(status=S.SUBMITTED)

    with pytest.raises(StaleVersion):
        services.publish_article(
            article=article, by=staff("approver"), expected_version=article.version - 1
        )

    assert Article.objects.get(pk=article.pk).status == S.SUBMITTED
