"""The agency pages' revision list: every save of Giới thiệu, Liên hệ or the
English page is a row saying who saved it, when, the workflow action (an
editor's proposal, an approver's publication) and the fields it changed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.demo_pages import seed_pages
from articles.pages import Page
from tests.articles.test_agency_pages import edit, publish

pytestmark = pytest.mark.django_db


def revision_table(client, page):
    """The list's rows as staff read them: [[time, who, action, touched, ...]]."""
    response = client.get(reverse("admin:articles_page_revisions", args=[page.pk]))
    assert response.status_code == 200
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_list_says_who_proposed_and_who_published_a_page_and_what_each_changed(
    editor, approver
):
    seed_pages()
    editor_client, approver_client = Client(), Client()
    editor_client.force_login(editor)
    approver_client.force_login(approver)
    page = Page.objects.get(kind="lien-he")

    edit(editor_client, page, "Liên hệ mới", "<p>Số điện thoại mới 024 1111</p>")
    publish(approver_client, page)

    newest, proposal = revision_table(editor_client, page)[:2]
    assert newest[1:4] == [
        approver.get_username(),
        "Duyệt và xuất bản",
        "Tiêu đề, Nội dung, Xuất bản lúc",
    ]
    assert newest[5] == "Liên hệ mới"
    assert proposal[1:4] == [
        editor.get_username(),
        "Gửi duyệt",
        "Tiêu đề (đề xuất), Nội dung (đề xuất)",
    ]
    assert proposal[5] != "Liên hệ mới"  # readers still saw the old title


def test_each_save_is_one_revision_and_the_page_history_is_its_own(editor, approver):
    seed_pages()
    page = Page.objects.get(kind="en")
    before = page.history.count()
    client = Client()
    client.force_login(editor)

    edit(client, page, "Government Office", "<p>New text</p>")
    edit(client, page, "Government Office", "<p>Newer text</p>")

    assert page.history.count() == before + 2
    assert Page.objects.get(kind="lien-he").history.filter(action="submit").count() == 0
    assert revision_table(client, page)[0][3] == "Nội dung (đề xuất)"


def test_the_change_form_links_the_list_and_readers_cannot_open_it(editor):
    seed_pages()
    page = Page.objects.get(kind="gioi-thieu")
    staff = Client()
    staff.force_login(editor)
    url = reverse("admin:articles_page_revisions", args=[page.pk])

    form = staff.get(reverse("admin:articles_page_change", args=[page.pk])).content.decode()

    assert f'href="{url}"' in form
    assert Client().get(url).status_code == 302  # to the sign-in page
