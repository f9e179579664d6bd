"""What an editor pastes (Word, legacy converters, decomposed marks, invisible
characters) is stored, searched, highlighted, slugged and shown like clean text."""

import json
import re
import unicodedata

import feedparser
import pytest
from django.urls import reverse

from articles.models import Article, Category
from articles.text import fold, xml_safe
from tests.articles.test_admin_publishing import article_form
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

NFD = "NFD"
VT = "\x0b"  # Word's soft line break, pasted into a text field


def nfd(text):
    return unicodedata.normalize(NFD, text)


def add_through_admin(approver_client, category, **fields):
    """Add and publish an article as an approver does, in the admin."""
    response = approver_client.post(
        reverse("admin:articles_article_add"), article_form(category, _publish="1", **fields)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.latest("pk")


@pytest.mark.parametrize("form", ["NFC", NFD])
def test_a_title_typed_composed_or_decomposed_is_found_and_highlighted_whole(
    client, approver_client, form
):
    title = unicodedata.normalize(form, "Hội thảo về thuế")
    article = add_through_admin(approver_client, make_category(), title=title)
    assert article.title == unicodedata.normalize("NFC", "Hội thảo về thuế")
    assert article.slug == "hoi-thao-ve-thue"

    page = client.get(reverse("articles:search"), {"q": "hội thảo thuế"}).content.decode()
    assert "<mark>Hội</mark> <mark>thảo</mark> về <mark>thuế</mark>" in page


def test_a_decomposed_query_finds_a_composed_title(client):
    make_article(title="Hội thảo về thuế")
    # The decomposed query is redirected to its composed (canonical) URL, then found.
    response = client.get(reverse("articles:search"), {"q": nfd("thuế")}, follow=True)
    page = response.content.decode()
    assert "<mark>thuế</mark>" in page


def test_a_soft_line_break_in_every_text_field_leaves_feeds_sitemap_and_page_valid(
    client, approver_client
):
    category = make_category(name=f"Kinh{VT}tế", description=f"Mô tả{VT}hai dòng")
    article = add_through_admin(
        approver_client,
        category,
        title=f"Tiêu đề{VT}bài",
        summary=f"Dòng một{VT}dòng hai",
        body=f"<p>Đoạn{VT}một</p>",
        lead_image_caption=f"Chú{VT}thích",
        source=f"Theo{VT}VPCP",
    )
    stored = [article.title, article.summary, article.body, article.lead_image_caption]
    stored += [article.source, category.name, category.description]
    assert not any(VT in text for text in stored)
    assert article.summary == "Dòng một\ndòng hai"
    assert article.title == "Tiêu đề bài"

    for url in [reverse("articles:feed"), reverse("articles:category_feed", args=[category.slug])]:
        response = client.get(url)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.entries[0].title == "Tiêu đề bài"
    for section in ["articles", "categories"]:
        sitemap = client.get(reverse("articles:sitemap_section", args=[section]))
        assert sitemap.status_code == 200
        assert not feedparser.parse(sitemap.content).bozo
    page = client.get(article.get_absolute_url()).content.decode()
    assert VT not in page


def test_rows_stored_before_cleaning_cannot_break_feeds_or_structured_data(client):
    article = make_article(title="Tin có ký tự lạ")
    bad = f"Dòng một{VT}dòng hai\ufffe\x01"
    Article.objects.filter(pk=article.pk).update(summary=bad, source=f"Theo{VT}VPCP")
    Category.objects.filter(pk=article.category_id).update(description=bad)

    for url in [
        reverse("articles:feed"),
        reverse("articles:category_feed", args=[article.category.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
    page = client.get(article.get_absolute_url()).content.decode()
    (payload,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(payload)["description"] == "Dòng một\ndòng hai"


def test_xml_safe_removes_every_character_xml_forbids_and_keeps_line_breaks():
    forbidden = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\ufffe\uffff"
    assert xml_safe(f"a{forbidden}b\tc\nd\re") == "a\n\nb\tc\nd\re"


@pytest.mark.parametrize(
    "variant",
    [
        "ĐẠI HỘI ĐẢNG",  # capitals
        "Ðại hội đảng",  # eth (U+00D0), as legacy converters write Đ
        "Ɖại hội ɖảng",  # African D (U+0189/U+0256)
        "Ｄại ｈội ｄảng",  # full-width forms from East Asian input methods
        nfd("Đại hội đảng"),  # decomposed marks
        "Đại\u00adhội đảng\u200b",  # soft hyphen glued words back, zero-width space
    ],
)
def test_d_look_alikes_full_width_case_and_invisibles_fold_to_the_same_letters(variant):
    assert fold(variant).replace("hoi", " hoi").split() == ["dai", "hoi", "dang"]


@pytest.mark.parametrize(
    "variant",
    ["Ðại hội đại biểu", "ĐẠI HỘI ĐẠI BIỂU", "Ｄại hội đại biểu", nfd("Đại hội đại biểu")],
)
def test_look_alike_titles_get_the_same_slug_and_are_found_by_the_plain_query(client, variant):
    article = make_article(title=variant)
    assert article.slug == "dai-hoi-dai-bieu"
    page = client.get(reverse("articles:search"), {"q": "đại hội"}).content.decode()
    assert f'href="{article.get_absolute_url()}"' in page
    assert page.count("<mark>") >= 2


def test_invisible_characters_are_trimmed_and_do_not_reach_the_slug_or_split_words(client):
    article = make_article(title="\ufeff\u00a0Chuy\u200bển đổi số quố\u00adc gia\u00a0\u200b")
    assert article.title == "Chuyển đổi số quốc gia"
    assert article.slug == "chuyen-doi-so-quoc-gia"
    page = client.get(reverse("articles:search"), {"q": "chuyển quốc"}).content.decode()
    assert "<mark>Chuyển</mark> đổi số <mark>quốc</mark> gia" in page


def test_a_category_name_is_cleaned_and_slugged_like_a_title():
    category = make_category(name=nfd("Thời\u200b sự\u00a0"))
    assert category.name == "Thời sự"
    assert category.slug == "thoi-su"


def test_a_decomposed_title_near_the_limit_is_measured_in_letters_and_stored_composed(
    approver_client,
):
    title = ("Thủ tướng chỉ đạo đẩy mạnh giải ngân vốn đầu tư công ở Đắk Lắk " * 5)[:290].strip()
    assert len(nfd(title)) > 300  # as macOS types it: one code point per mark
    article = add_through_admin(approver_client, make_category(), title=nfd(title))
    assert article.title == title


def test_a_decomposed_category_name_is_measured_in_letters(admin_client):
    name = ("Chỉ đạo điều hành Đắk Lắk " * 5)[:118].strip()
    response = admin_client.post(
        reverse("admin:articles_category_add"), {"name": nfd(name), "slug": "", "order": 0}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Category.objects.get().name == name


def test_the_title_field_does_not_let_the_browser_cut_a_decomposed_paste(approver_client):
    page = approver_client.get(reverse("admin:articles_article_add")).content.decode()
    title_input = re.search(r'<(?:input|textarea)[^>]*name="title"[^>]*>', page).group()
    assert "maxlength" not in title_input


def test_a_line_break_typed_or_pasted_into_the_wrapping_title_box_is_a_space(approver_client):
    article = add_through_admin(
        approver_client, make_category(), title="Đẩy mạnh giải ngân\r\nvốn đầu tư công\n"
    )
    assert article.title == "Đẩy mạnh giải ngân vốn đầu tư công"
    page = approver_client.get(reverse("admin:articles_article_add")).content.decode()
    assert re.search(r'<textarea[^>]*name="title"[^>]*rows="2"', page)
