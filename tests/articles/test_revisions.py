"""Revisions: an editor's change to a published article waits for an
approver; staff list, compare and restore revisions."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import capfirst

from articles.models import Article
from articles.workflow import revisions
from articles.workflow.diff import compare_revisions
from tests.articles.desk import change_form, change_url, staff
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db
S = Article.Status


def propose(client, article, **changes):
    return client.post(change_url(article), change_form(article, **changes))


def restore(client, article, revision):
    """Press "Khôi phục" on the revisions page, opened just now."""
    url = reverse("admin:articles_revision_restore", args=[article.pk, revision.history_id])
    return client.post(url, {"seen_version": Article.objects.get(pk=article.pk).version})


# The history model's own columns, and what only the system writes.
HISTORY_OWN = {"history_id", "history_date", "history_change_reason", "history_type"}
SYSTEM_WRITTEN = {
    *("history_user", "review", "action", "remark", "id", "version"),
    *("created_by", "created_at", "updated_at"),
}
# The renditions of a version's lead image, shown as its thumbnail.
RENDITIONS = {"image_thumb", "image_large", "image_renditions"}
# Set by the workflow, never by restoring a revision.
WORKFLOW_SET = {"status", "published_at", "slug"}


def stored_article_fields():
    """The article's fields the history stores, read from the history table's
    columns (not from the code under test)."""
    columns = Article.history.model._meta.fields
    return [f for f in columns if f.name not in HISTORY_OWN | SYSTEM_WRITTEN | RENDITIONS]


def test_the_public_never_sees_an_editors_pending_change(client):
    editor = staff("editor")
    article = make_article(title="Tin gốc", body="<p>Nội dung đã duyệt.</p>")
    client.get(article.get_absolute_url())  # cached page
    client.force_login(editor)

    propose(client, article, title="Tin sửa", body="<p>Nội dung chưa duyệt.</p>")
    client.logout()

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Nội dung đã duyệt." in page and "chưa duyệt" not in page
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.has_pending_revision) == ("Tin gốc", True)
    assert "Tin sửa" not in client.get(reverse("articles:home")).content.decode()


def test_an_approver_applies_the_pending_change_and_the_public_sees_it(client):
    article = make_article(title="Tin gốc")
    client.force_login(staff("editor"))
    propose(client, article, title="Tin sửa")
    client.force_login(staff("approver"))

    form = client.get(change_url(article))
    assert "\nTin sửa</textarea>" in form.content.decode()  # the form shows the proposal
    client.post(change_url(article), change_form(article, title="Tin sửa", _approve_change="1"))
    client.logout()

    assert "Tin sửa" in client.get(article.get_absolute_url()).content.decode()
    assert not Article.objects.get(pk=article.pk).has_pending_revision


def test_an_approver_returns_a_pending_change_and_the_public_text_stays(client):
    editor = staff("editor")
    article = make_article(title="Tin gốc")
    client.force_login(editor)
    propose(client, article, title="Tin sửa")
    client.force_login(staff("approver"))

    client.post(
        change_url(article),
        change_form(article, title="Tin sửa", _return_change="1", remark="Không đổi tít."),
    )

    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.has_pending_revision) == ("Tin gốc", False)
    assert stored.transitions.get().remark == "Không đổi tít."


def test_an_approvers_small_fix_goes_live_at_once(client):
    article = make_article(title="Tin co lỗi chính tả")
    client.force_login(staff("approver"))

    propose(client, article, title="Tin có lỗi chính tả")

    assert Article.objects.get(pk=article.pk).title == "Tin có lỗi chính tả"


def test_every_save_keeps_a_revision_with_its_author(client):
    editor = staff("editor")
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_add"),
        {**change_form(make_article()), "title": "Bài mới", "slug": "", "_save": "1"},
    )
    article = Article.objects.get(title="Bài mới")
    propose(client, article, summary="Sapo sửa lần hai.")

    history = list(article.history.order_by("history_date"))
    assert [h.summary for h in history][-1] == "Sapo sửa lần hai."
    assert {h.history_user for h in history} == {editor}


def test_staff_list_the_revisions_of_an_article(client):
    article = make_article(title="Bản một")
    client.force_login(staff("approver"))
    propose(client, article, title="Bản hai")

    page = client.get(reverse("admin:articles_revisions", args=[article.pk])).content.decode()

    assert "Bản một" in page and "Bản hai" in page


def test_the_comparison_marks_changed_words_not_html(client):
    article = make_article(body="<p>Chính phủ họp <strong>thường kỳ</strong> tháng Mười.</p>")
    client.force_login(staff("approver"))
    propose(client, article, body="<p>Chính phủ họp <strong>chuyên đề</strong> tháng Mười.</p>")
    old, new = article.history.order_by("history_date")

    page = client.get(
        reverse("admin:articles_revision_compare", args=[article.pk]),
        {"a": old.history_id, "b": new.history_id},
    ).content.decode()

    assert "<del>thường kỳ</del>" in page or "<del>thường</del>" in page
    assert "<ins>chuyên đề</ins>" in page or "<ins>chuyên</ins>" in page
    assert "&lt;strong&gt;" not in page and "<strong>thường" not in page


def test_restoring_makes_a_new_revision(client):
    article = make_article(title="Bản một")
    client.force_login(staff("approver"))
    propose(client, article, title="Bản hai")
    first = article.history.order_by("history_date").first()

    restore(client, article, first)

    assert Article.objects.get(pk=article.pk).title == "Bản một"
    assert [h.title for h in article.history.order_by("history_date")] == [
        "Bản một",
        "Bản hai",
        "Bản một",
    ]


def test_an_editors_restore_of_a_published_article_goes_through_review(client):
    article = make_article(title="Bản một")
    approver = staff("approver")
    client.force_login(approver)
    propose(client, article, title="Bản hai")
    first = article.history.order_by("history_date").first()
    client.force_login(staff("editor"))

    restore(client, article, first)

    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.has_pending_revision) == ("Bản hai", True)
    assert revisions.pending_revision(stored).title == "Bản một"


def test_an_editors_new_publication_time_waits_for_an_approver(client):
    article = make_article()
    approved = Article.objects.get(pk=article.pk).published_at
    client.force_login(staff("editor"))

    client.post(
        change_url(article),
        change_form(article, published_at_0="13/01/2017", published_at_1="12:49:00"),
    )
    client.logout()

    assert Article.objects.get(pk=article.pk).published_at == approved
    assert "13/01/2017" not in client.get(article.get_absolute_url()).content.decode()
    pending = revisions.pending_revision(Article.objects.get(pk=article.pk))
    proposed = timezone.localtime(pending.published_at)
    assert proposed.strftime("%d/%m/%Y %H:%M") == "13/01/2017 12:49"


def test_an_approved_change_shows_the_update_time_on_the_page_and_in_json_ld(client):
    from datetime import timedelta

    yesterday = timezone.now() - timedelta(days=1)
    article = make_article(published_at=yesterday)
    Article.objects.filter(pk=article.pk).update(created_at=yesterday, updated_at=yesterday)
    assert "Cập nhật" not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(staff("approver"))
    propose(client, article, summary="Sapo đã cập nhật.")
    client.logout()

    page = client.get(article.get_absolute_url()).content.decode()

    stored = Article.objects.get(pk=article.pk)
    assert "Cập nhật" in page
    assert f'"dateModified": "{stored.updated_at.isoformat()}"' in page
    assert stored.published_at == article.published_at.replace(microsecond=0)


def test_the_comparison_shows_every_field_the_history_stores(client):
    article = make_article(title="Bản một")
    client.force_login(staff("approver"))
    propose(client, article, title="Bản hai")
    old, new = article.history.order_by("history_date")
    labels = [str(capfirst(field.verbose_name)) for field in stored_article_fields()]

    page = client.get(
        reverse("admin:articles_revision_compare", args=[article.pk]),
        {"a": old.history_id, "b": new.history_id},
    ).content.decode()

    assert sorted(str(row[0]) for row in compare_revisions(old, new)) == sorted(labels)
    assert all(escape(label) in page for label in labels)


def test_restoring_brings_back_every_field_of_a_revisions_content():
    approver = staff("approver")
    first = {
        "title": "Bản một",
        "summary": "Tóm tắt một.",
        "body": "<p>Nội dung một.</p>",
        "category": make_category(),
        "lead_image": "",  # a restored image: tests/articles/test_whole_revisions.py
        "lead_image_caption": "Chú thích một",
        "source": "Nguồn một",
        "is_featured": False,
    }
    assert set(first) == {f.name for f in stored_article_fields()} - WORKFLOW_SET - {"topic_ids"}
    article = make_article(**first)
    for name, value in {
        "title": "Bản hai",
        "summary": "Tóm tắt hai.",
        "body": "<p>Nội dung hai.</p>",
        "category": make_category(),
        "lead_image_caption": "Chú thích hai",
        "source": "Nguồn hai",
        "is_featured": True,
    }.items():
        setattr(article, name, value)
    revisions.save_edit(article=article, by=approver)
    revision = article.history.order_by("history_date").first()

    revisions.restore_revision(article=article, revision=revision, by=approver)

    article.refresh_from_db()
    assert {name: getattr(article, name) for name in first} == first


def test_an_unchanged_long_body_is_shown_once_and_folded_so_the_change_stays_in_view(client):
    body = "<p>" + " ".join(["Nội dung dài không đổi."] * 600) + "</p>"
    article = make_article(title="Bản một", body=body)
    client.force_login(staff("approver"))
    propose(client, article, title="Bản hai")
    old, new = article.history.order_by("history_date")

    page = client.get(
        reverse("admin:articles_revision_compare", args=[article.pk]),
        {"a": old.history_id, "b": new.history_id},
    ).content.decode()

    assert page.count("Nội dung dài không đổi.") == 600
    assert "<details><summary>Giống nhau ở hai phiên bản: xem nội dung</summary>" in page
    assert "Bản hai" in page
