"""No lost update: two editors open one article; the first save wins, the
second (from the form opened before it) is refused with who changed the
article, when and what, and the second editor's text stays in the form."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.workflow import revisions, services
from articles.workflow.versions import StaleVersion
from tests.articles.desk import change_form, change_url, staff
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status


def open_form(user, article):
    """A client of `user` with the change form of `article` open: (client, the
    version the form carries, the page)."""
    client = Client()
    client.force_login(user)
    page = client.get(change_url(article)).content.decode()
    return client, int(re.search(r'name="seen_version" value="(\d+)"', page).group(1)), page


def test_the_second_save_from_an_older_form_is_refused_and_keeps_what_was_typed():
    first, second = staff("editor"), staff("editor")
    article = make_article(status=S.DRAFT, title="Tin gốc", body="<p>Bản gốc.</p>")
    client_a, seen_a, _ = open_form(first, article)
    client_b, seen_b, _ = open_form(second, article)

    saved = client_a.post(
        change_url(article), change_form(article, title="Tin của A", seen_version=seen_a)
    )
    refused = client_b.post(
        change_url(article),
        change_form(article, body="<p>Đoạn B vừa viết.</p>", seen_version=seen_b, _save="1"),
    )

    assert saved.status_code == 302 and refused.status_code == 200
    errors = " ".join(refused.context["adminform"].form.non_field_errors())
    assert first.username in errors and "sau khi bạn mở" in errors
    assert "Tiêu đề" in errors  # what changed
    page = refused.content.decode()
    assert "Đoạn B vừa viết." in page  # nothing typed is lost
    assert "Tin của A" in page  # the diff shows A's change
    assert "chỉnh sửa thành công" not in page.lower()
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.body) == ("Tin của A", "<p>Bản gốc.</p>")

    # Saving again from the re-rendered form is a choice made knowingly.
    again = refused.context["adminform"].form.data.copy()
    assert client_b.post(change_url(article), again).status_code == 302
    assert Article.objects.get(pk=article.pk).body == "<p>Đoạn B vừa viết.</p>"


def test_an_editors_pending_change_from_an_older_form_is_refused():
    first, second = staff("editor"), staff("editor")
    article = make_article(title="Tin đã đăng")
    client_a, seen_a, _ = open_form(first, article)
    client_b, seen_b, _ = open_form(second, article)

    client_a.post(change_url(article), change_form(article, title="Đề xuất A", seen_version=seen_a))
    refused = client_b.post(
        change_url(article), change_form(article, title="Đề xuất B", seen_version=seen_b)
    )

    assert refused.status_code == 200
    assert first.username in " ".join(refused.context["adminform"].form.non_field_errors())
    assert revisions.pending_revision(Article.objects.get(pk=article.pk)).title == "Đề xuất A"
    assert Article.objects.get(pk=article.pk).title == "Tin đã đăng"  # public text


def test_the_database_refuses_the_second_of_two_saves_from_one_version():
    editor = staff("approver")
    article = make_article(status=S.DRAFT)
    copies = [Article.objects.get(pk=article.pk) for _ in range(2)]
    copies[0].title = "Bản thứ nhất"
    copies[1].title = "Bản thứ hai"

    revisions.save_edit(article=copies[0], by=editor, expected_version=1)
    with pytest.raises(StaleVersion) as refusal:
        revisions.save_edit(article=copies[1], by=editor, expected_version=1)

    assert editor.username in str(refusal.value)
    assert Article.objects.get(pk=article.pk).title == "Bản thứ nhất"
    assert Article.objects.get(pk=article.pk).version == 2


def test_every_change_moves_the_version_on():
    approver = staff("approver")
    article = make_article(status=S.DRAFT)
    versions = [article.version]
    revisions.save_edit(article=article, by=approver)
    versions.append(Article.objects.get(pk=article.pk).version)
    services.publish_article(article=article, by=approver)
    versions.append(Article.objects.get(pk=article.pk).version)

    assert versions == [1, 2, 3]


def test_the_form_says_who_else_has_the_article_open():
    first, second = staff("editor"), staff("editor")
    article = make_article(status=S.DRAFT)
    client_a, _, _ = open_form(first, article)

    page = open_form(second, article)[2]
    assert "Đang được chỉnh sửa bởi" in page and first.username in page
    assert second.username not in re.search(r'id="desk-presence".*?</p>', page, re.S).group(0)

    beat = client_a.post(reverse("admin:articles_article_presence", args=[article.pk]))
    assert beat.json() == {"others": [second.username]}


def test_the_heartbeat_is_for_staff_who_may_edit_and_only_by_post(client):
    article = make_article(status=S.DRAFT)
    url = reverse("admin:articles_article_presence", args=[article.pk])
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(staff("moderator"))
    assert client.post(url).status_code == 403
    client.force_login(staff("editor"))
    assert client.get(url).status_code == 405


def test_a_restore_confirmed_from_an_older_page_is_refused():
    first, second = staff("approver"), staff("approver")
    article = make_article(status=S.DRAFT, title="Bản một")
    article.title = "Bản hai"  # so the oldest version has something to restore
    revisions.save_edit(article=article, by=first)
    opened = Client()
    opened.force_login(second)
    oldest = article.history.order_by("history_date").first()
    url = reverse("admin:articles_revision_restore", args=[article.pk, oldest.history_id])
    page = opened.get(url).content.decode()  # the confirmation, opened
    seen = re.search(r'name="seen_version" value="(\d+)"', page).group(1)

    client_a, seen_a, _ = open_form(first, article)
    client_a.post(change_url(article), change_form(article, title="Bản mới", seen_version=seen_a))
    response = opened.post(url, {"seen_version": seen}, follow=True)

    assert first.username in response.content.decode()
    assert Article.objects.get(pk=article.pk).title == "Bản mới"
