"""The desk's e-mails: a submission reaches the approvers, a return its author."""

import pytest
from django.core import mail

from articles.models import Article
from articles.workflow import services
from tests.articles.desk import change_form, change_url, staff
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_submitting_mails_every_approver_and_nobody_else(client, settings):
    settings.SITE_URL = "https://vpcp.gov.vn"
    staff("approver", email="truongban@vpcp.gov.vn")
    staff("approver", email="bbt@vpcp.gov.vn")
    staff("moderator", email="kiemduyet@vpcp.gov.vn")
    editor = staff("editor", email="bientap@vpcp.gov.vn")
    article = make_article(status=Article.Status.DRAFT, title="Tin chờ duyệt")
    client.force_login(editor)

    client.post(change_url(article), change_form(article, _submit="1"))

    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["bbt@vpcp.gov.vn", "truongban@vpcp.gov.vn"]
    assert "Tin chờ duyệt" in mail.outbox[0].subject
    link = f"https://vpcp.gov.vn/quan-tri/articles/article/{article.pk}/change/"
    assert f"Xem và duyệt tại: {link}" in mail.outbox[0].body


def test_returning_mails_the_author_with_the_remark():
    editor = staff("editor", email="bientap@vpcp.gov.vn")
    article = make_article(status=Article.Status.SUBMITTED, created_by=editor)

    services.return_article(article=article, by=staff("approver"), remark="Thiếu nguồn tin.")

    assert [m.to for m in mail.outbox] == [["bientap@vpcp.gov.vn"]]
    assert "Thiếu nguồn tin." in mail.outbox[0].body
    assert "trả lại" in mail.outbox[0].subject


def test_a_pending_change_mails_the_approvers(client):
    staff("approver", email="truongban@vpcp.gov.vn")
    article = make_article(title="Tin đã đăng")
    client.force_login(staff("editor"))

    client.post(change_url(article), change_form(article, title="Tin đã đăng (sửa)"))

    assert [m.to for m in mail.outbox] == [["truongban@vpcp.gov.vn"]]
    assert "Thay đổi bài viết chờ duyệt" in mail.outbox[0].subject


def test_a_returned_article_mail_links_to_its_change_page_in_full(settings):
    settings.SITE_URL = "https://vpcp.gov.vn"
    editor = staff("editor", email="bientap@vpcp.gov.vn")
    article = make_article(status=Article.Status.SUBMITTED, created_by=editor)

    services.return_article(article=article, by=staff("approver"), remark="Thiếu ảnh.")

    link = f"https://vpcp.gov.vn/quan-tri/articles/article/{article.pk}/change/"
    assert f"Sửa tại: {link}" in mail.outbox[0].body
