"""The agency's pages: Giới thiệu, Liên hệ and the English page, edited by
staff in the admin and public only once an approver publishes."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from articles.demo_pages import seed_pages
from articles.pages import Page, PublishRefused, publish_page
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def unpublished(kind):
    """The page of `kind` as the migration made it (a flush by another test
    may have removed it)."""
    page, _ = Page.objects.get_or_create(
        kind=kind, defaults={"language": "en" if kind == "en" else "vi"}
    )
    return page


def edit(client, page, title, body):
    return client.post(
        reverse("admin:articles_page_change", args=[page.pk]),
        {"proposed_title": title, "proposed_body": body},
    )


def publish(client, page):
    return client.post(
        reverse("admin:articles_page_changelist"),
        {"action": "publish_selected", "_selected_action": [page.pk]},
    )


def test_an_editors_change_is_not_public_until_an_approver_publishes_it(editor, approver):
    seed_pages()
    editor_client, approver_client, reader = Client(), Client(), Client()
    editor_client.force_login(editor)
    approver_client.force_login(approver)
    page = Page.objects.get(kind="lien-he")

    response = edit(editor_client, page, "Liên hệ mới", "<p>Số điện thoại mới 024 1111</p>")
    assert response.status_code == 302
    assert "024 1111" not in reader.get("/lien-he/").content.decode()

    # The editor has no publish action; the approver has.
    publish(editor_client, page)
    assert "024 1111" not in reader.get("/lien-he/").content.decode()
    assert publish(approver_client, page).status_code == 302
    shown = reader.get("/lien-he/").content.decode()
    assert "Liên hệ mới" in shown and "024 1111" in shown


def test_an_editor_may_not_publish_a_page_through_the_service(editor):
    with pytest.raises(PublishRefused):
        publish_page(page=unpublished("en"), user=editor)


def test_a_page_never_published_answers_404(client):
    assert not unpublished("gioi-thieu").is_public
    assert client.get("/gioi-thieu/").status_code == 404


def test_the_three_pages_answer_with_their_content_and_the_english_one_says_its_language(
    client,
):
    seed_pages()
    about = client.get("/gioi-thieu/").content.decode()
    contact = client.get("/lien-he/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Chức năng" in about and "Tổ chức" in about
    assert settings.SITE_DETAILS["email"] in contact and settings.SITE_DETAILS["phone"] in contact
    assert 'lang="en"' in english and "Government Office" in english
    assert settings.SITE_DETAILS["email"] in english


def test_the_english_page_leads_back_to_vietnamese_and_names_the_portal_in_english(client):
    seed_pages()
    english = client.get("/en/").content.decode()
    top = english.split('class="top-strip"')[1].split("</div>")[0]
    title = english.split("<title>")[1].split("</title>")[0]

    assert 'href="/" lang="vi" hreflang="vi">Tiếng Việt</a>' in top
    assert ">English</a>" not in top
    assert title.endswith(f" - {settings.SITE_NAME_EN}")


def test_the_pages_appear_in_no_listing_feed_sitemap_or_search(client):
    seed_pages()
    article = make_article(title="Văn phòng Chính phủ họp báo", summary="Họp báo thường kỳ.")
    seen = [
        client.get(url).content.decode()
        for url in (
            "/",
            reverse("articles:feed"),
            "/sitemap-articles.xml",
            reverse("articles:search") + "?q=V%C4%83n+ph%C3%B2ng+Ch%C3%ADnh+ph%E1%BB%A7",
            reverse("articles:search") + "?q=Government",
        )
    ]
    assert article.get_absolute_url() in seen[3]  # the search finds what it should
    for text in seen:
        assert "Giới thiệu Văn phòng Chính phủ" not in text
        assert "/gioi-thieu/" not in text.replace('href="/gioi-thieu/"', "")
        assert "Government Office of Viet Nam" not in text


def test_the_footer_and_the_top_strip_link_the_pages(client):
    html = client.get("/").content.decode()
    top, footer = html.split('class="top-strip"')[1], html.split('class="site-footer"')[1]
    assert 'href="/en/" lang="en" hreflang="en">English</a>' in top.split("</div>")[0]
    for link in ('href="/gioi-thieu/">Giới thiệu', 'href="/lien-he/">Liên hệ', 'href="/en/"'):
        assert link in footer


def test_a_published_change_reaches_a_cached_page(client, approver):
    seed_pages()
    client.get("/gioi-thieu/")  # now kept by the page cache
    page = Page.objects.get(kind="gioi-thieu")
    page.proposed_title, page.proposed_body = "Giới thiệu (sửa)", "<p>Văn bản đã sửa</p>"
    page.save()
    assert "Văn bản đã sửa" not in client.get("/gioi-thieu/").content.decode()
    publish_page(page=page, user=approver)
    assert "Văn bản đã sửa" in client.get("/gioi-thieu/").content.decode()
