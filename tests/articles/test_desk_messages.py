"""Each workflow action on the desk, from a form button or from the list,
tells its user what happened once: one message, not the desk's and the
admin's "đã được thay đổi thành công" one after the other."""

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.articles.desk import change_form, change_url, form_as_shown, list_action, staff
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def desk(role):
    client = Client()
    client.force_login(staff(role))
    return client


def messages_after(response):
    """The messages the user's next page shows, as (level tag, text)."""
    assert response.status_code == 302, "the action was refused"
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def proposed_change(article):
    """`article`, published, with an editor's proposed new title pending."""
    response = desk("editor").post(change_url(article), change_form(article, title="Tiêu đề mới"))
    assert [level for level, _ in messages_after(response)] == ["info"]
    return Article.objects.get(pk=article.pk)


@pytest.mark.parametrize(
    ("role", "status", "button", "said"),
    [
        ("editor", S.DRAFT, {"_submit": "1"}, "Đã gửi duyệt"),
        ("approver", S.SUBMITTED, {"_publish": "1"}, "Đã duyệt và xuất bản"),
        ("approver", S.SUBMITTED, {"_return": "1", "remark": "Bổ sung nguồn."}, "Đã trả lại"),
        ("approver", S.PUBLISHED, {"_take_down": "1", "remark": "Sai số liệu."}, "Đã gỡ bài"),
    ],
    ids=["submit", "publish", "return", "take-down"],
)
def test_a_form_button_shows_one_success_message(role, status, button, said):
    article = make_article(status=status)

    response = desk(role).post(change_url(article), change_form(article, **button))

    shown = messages_after(response)
    assert len(shown) == 1, shown
    assert shown[0][0] == "success"
    assert said in shown[0][1]


def test_submitting_a_new_article_from_the_add_form_shows_one_message():
    client = desk("editor")
    page = client.get(ADD).content.decode()
    token = re.search(r'name="form_token" value="([0-9a-f-]+)"', page).group(1)
    data = change_form(make_article(), title="Bài mới gửi duyệt", slug="", _submit="1")

    shown = messages_after(client.post(ADD, {**data, "form_token": token}))

    assert shown == [("success", "Đã gửi duyệt: “Bài mới gửi duyệt”.")]


def test_approving_a_proposed_change_shows_one_message():
    article = proposed_change(make_article(title="Tiêu đề cũ"))
    approver = desk("approver")
    form = form_as_shown(approver, article, _approve_change="1")

    response = approver.post(change_url(article), form)

    assert messages_after(response) == [("success", "Đã duyệt thay đổi.")]
    assert Article.objects.get(pk=article.pk).title == "Tiêu đề mới"


def test_returning_a_proposed_change_shows_one_message():
    article = proposed_change(make_article(title="Tiêu đề cũ"))
    button = {"_return_change": "1", "remark": "Giữ tiêu đề cũ."}

    response = desk("approver").post(change_url(article), change_form(article, **button))

    shown = messages_after(response)
    assert len(shown) == 1, shown
    assert shown[0][0] == "success"
    assert Article.objects.get(pk=article.pk).title == "Tiêu đề cũ"


def test_proposing_a_change_to_a_published_article_says_only_that_it_waits():
    article = make_article(title="Tiêu đề cũ")

    response = desk("editor").post(change_url(article), change_form(article, title="Tiêu đề mới"))

    shown = messages_after(response)
    assert shown == [("info", "Thay đổi đã được gửi duyệt; người đọc vẫn thấy bản đã duyệt.")]


def test_a_plain_save_keeps_the_admins_own_message():
    article = make_article(status=S.DRAFT)

    response = desk("editor").post(change_url(article), change_form(article, title="Sửa nháp"))

    shown = messages_after(response)
    assert len(shown) == 1, shown
    assert "thành công" in shown[0][1]


@pytest.mark.parametrize(
    ("role", "status", "action"),
    [
        ("editor", S.DRAFT, "submit_selected"),
        ("approver", S.SUBMITTED, "publish_selected"),
        ("approver", S.PUBLISHED, "take_down_selected"),
    ],
    ids=["submit", "publish", "take-down"],
)
def test_a_list_action_shows_one_success_message(role, status, action):
    articles = [make_article(status=status), make_article(status=status)]

    response = desk(role).post(CHANGELIST, list_action(action, *articles))

    assert messages_after(response) == [("success", "Đã xử lý 2 bài viết.")]


def test_a_list_action_nothing_could_take_says_so_without_a_success():
    article = make_article(status=S.PUBLISHED)

    response = desk("editor").post(CHANGELIST, list_action("submit_selected", article))

    shown = messages_after(response)
    assert [level for level, _ in shown] == ["warning"]
    assert Article.objects.get(pk=article.pk).status == S.PUBLISHED
