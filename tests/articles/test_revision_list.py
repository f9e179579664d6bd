"""The revision list staff read: one revision per save (a workflow button and
its save are one), each saying what it changed, who, the action and the
remark; compare opens on two versions that differ in content; restoring asks
first and says whether it goes through review."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from articles.workflow import revisions
from tests.articles.desk import change_form, change_url, staff
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db
S = Article.Status


def revisions_page(client, article):
    return client.get(reverse("admin:articles_revisions", args=[article.pk])).content.decode()


def press(client, article, button, **fields):
    """Save the change form as shown with `button` pressed."""
    stored = Article.objects.get(pk=article.pk)
    return client.post(change_url(stored), change_form(stored, **{button: "1"}, **fields))


@pytest.fixture
def desk_story(client):
    """An article through five workflow actions, each pressed with a save,
    by an editor and an approver: (article, editor, approver)."""
    editor, approver = staff("editor"), staff("approver")
    client.force_login(editor)
    form = change_form(make_article(status=S.DRAFT), category=make_category(name="Thời sự").pk)
    client.post(
        reverse("admin:articles_article_add"),
        {**form, "title": "Bài qua năm bước", "slug": "", "_submit": "1", "seen_version": ""},
    )
    article = Article.objects.get(title="Bài qua năm bước")
    client.force_login(approver)
    press(client, article, "_return", remark="Bổ sung nguồn tin.")
    client.force_login(editor)
    press(client, article, "_submit", source="Thông tấn xã")
    client.force_login(approver)
    press(client, article, "_publish")
    press(client, article, "_take_down", remark="Gỡ để kiểm tra lại.")
    return article, editor, approver


def test_each_workflow_button_and_its_save_make_one_revision(desk_story):
    article, editor, approver = desk_story

    history = list(article.history.order_by("history_date", "history_id"))

    assert [(h.action, h.status, h.history_user) for h in history] == [
        ("submit", S.SUBMITTED, editor),
        ("return", S.RETURNED, approver),
        ("submit", S.SUBMITTED, editor),
        ("publish", S.PUBLISHED, approver),
        ("take_down", S.TAKEN_DOWN, approver),
    ]
    assert [h.remark for h in history][1::3] == ["Bổ sung nguồn tin.", "Gỡ để kiểm tra lại."]


def test_the_list_says_what_each_revision_changed_who_made_it_the_action_and_remark(
    client, desk_story
):
    article, editor, approver = desk_story
    client.force_login(approver)

    body = revisions_page(client, article).split("<tbody>")[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)

    assert len(rows) == 5
    newest, published, resubmitted, returned, created = rows
    assert "Gỡ bài" in newest and "Gỡ để kiểm tra lại." in newest and approver.username in newest
    assert "Trạng thái" in newest and "Nguồn / tác giả" not in newest
    assert "Duyệt và xuất bản" in published and "Trạng thái" in published
    assert "Nguồn / tác giả" in resubmitted and editor.username in resubmitted
    assert "Bổ sung nguồn tin." in returned and "Trả lại" in returned
    assert "Tạo mới" in created and "Gửi duyệt" in created


def checked(page, name):
    return int(re.search(rf'name="{name}" value="(\d+)"[^>]*checked', page).group(1))


def test_compare_opens_on_the_newest_versions_whose_content_differs(client):
    article = make_article(title="Tít cũ")
    client.force_login(staff("approver"))
    press(client, article, "_save", title="Tít mới")
    press(client, article, "_take_down")
    press(client, article, "_publish")  # status-only revisions, the newest ones
    oldest, *_, newest = article.history.order_by("history_date", "history_id")

    page = revisions_page(client, article)

    assert (checked(page, "a"), checked(page, "b")) == (oldest.history_id, newest.history_id)
    shown = client.get(
        reverse("admin:articles_revision_compare", args=[article.pk]),
        {"a": checked(page, "a"), "b": checked(page, "b")},
    ).content.decode()
    assert "<del>cũ</del>" in shown and "<ins>mới</ins>" in shown


def test_restore_asks_first_and_tells_an_editor_it_goes_through_review(client):
    article = make_article(title="Bản một")
    client.force_login(staff("approver"))
    press(client, article, "_save", title="Bản hai")
    first = article.history.order_by("history_date").first()
    url = reverse("admin:articles_revision_restore", args=[article.pk, first.history_id])
    client.force_login(staff("editor"))

    asked = client.get(url).content.decode()

    assert "Bản khôi phục sẽ được gửi duyệt" in asked and "Khôi phục và gửi duyệt" in asked
    assert "Bản <del>hai</del>" in asked or "<del>hai</del>" in asked
    assert Article.objects.get(pk=article.pk).title == "Bản hai"
    assert article.history.count() == 2
    link = f'href="{url}"'
    assert link in revisions_page(client, article)  # the list's button opens the question
    client.post(url, {"seen_version": Article.objects.get(pk=article.pk).version})
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.has_pending_revision) == ("Bản hai", True)
    assert stored.history.order_by("-history_id").first().action == "restore"


def test_restore_tells_an_approver_it_replaces_what_readers_see(client):
    article = make_article(title="Bản một")
    client.force_login(staff("approver"))
    press(client, article, "_save", title="Bản hai")
    first = article.history.order_by("history_date").first()

    asked = client.get(
        reverse("admin:articles_revision_restore", args=[article.pk, first.history_id])
    ).content.decode()

    assert "thay bản người đọc đang thấy ngay" in asked


def test_restore_lists_only_what_comes_back_never_the_status_or_publication_time(client):
    article = make_article(title="Bản một", status=S.DRAFT)
    client.force_login(staff("approver"))
    press(client, article, "_publish")
    draft = article.history.order_by("history_date", "history_id").first()
    client.force_login(staff("editor"))

    asked = client.get(
        reverse("admin:articles_revision_restore", args=[article.pk, draft.history_id])
    ).content.decode()
    asked = asked.split('id="content-main"')[1]

    # The restore keeps the article published at its time (a pending change).
    assert "Trạng thái" not in asked and "Thời gian xuất bản" not in asked
    assert "Phiên bản này giống nội dung hiện tại." in asked


def test_the_list_names_the_outcome_of_a_proposal_and_leaves_plain_saves_quiet(client):
    article = make_article(title="Bản một")
    client.force_login(staff("approver"))
    press(client, article, "_save", title="Bản hai")  # a plain save, live at once
    client.force_login(staff("editor"))
    press(client, article, "_save", title="Bản ba")  # a proposal
    client.force_login(staff("approver"))

    body = revisions_page(client, article).split("<tbody>")[1]
    proposed, saved, created = re.findall(r"<tr>(.*?)</tr>", body, re.S)

    assert "đã lưu" not in body
    assert "Đề xuất chờ duyệt" in proposed
    assert "Đề xuất" not in saved + created
    press(client, article, "_approve_change")
    body = revisions_page(client, article).split("<tbody>")[1]
    approved, proposed = re.findall(r"<tr>(.*?)</tr>", body, re.S)[:2]
    assert "Duyệt thay đổi" in approved and "Đề xuất đã duyệt" in proposed


def restore_page(client, article, revision, **post):
    """The restore's question (GET), or its answer followed (POST: `post`)."""
    url = reverse("admin:articles_revision_restore", args=[article.pk, revision.history_id])
    if not post:
        return client.get(url).content.decode()
    return client.post(url, post, follow=True).content.decode()


def test_an_editors_restore_of_what_the_article_already_holds_is_refused_and_makes_no_change(
    client,
):
    article = make_article(title="Bản một")
    client.force_login(staff("approver"))
    press(client, article, "_take_down")
    press(client, article, "_publish")  # two revisions that change the status only
    first = article.history.order_by("history_date", "history_id").first()
    client.force_login(staff("editor"))
    before = article.history.count()

    asked = restore_page(client, article, first)
    answered = restore_page(client, article, first, seen_version=article.version + 2)

    asked = asked.split('id="content-main"')[1]
    assert "Phiên bản này giống nội dung hiện tại." in asked and 'type="submit"' not in asked
    assert "không có gì để khôi phục" in answered  # the message, on the revision list
    stored = Article.objects.get(pk=article.pk)
    assert not stored.has_pending_revision and revisions.pending_revision(stored) is None
    assert article.history.count() == before


def test_restoring_the_pending_proposal_itself_is_refused_too(client):
    article = make_article(title="Bản một")
    client.force_login(staff("editor"))
    press(client, article, "_save", title="Bản hai")
    proposal = revisions.pending_revision(Article.objects.get(pk=article.pk))
    before = article.history.count()

    answered = restore_page(client, article, proposal, seen_version=article.version + 1)

    assert "không có gì để khôi phục" in answered
    assert article.history.count() == before
    assert revisions.pending_revision(Article.objects.get(pk=article.pk)) == proposal
