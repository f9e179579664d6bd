"""Search as citizens use it on a government portal: document numbers,
codes with hyphens, phrases, filters and order, all in the URL."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.text.codes import document_codes, split_query
from tests.factories import make_article, make_category, make_topic
from tests.migrating import migrate_to

pytestmark = pytest.mark.django_db


def titles(response):
    return [article.title for article in response.context["page"]]


def search(client, **params):
    """The page a reader lands on (the canonical URL: parameters sorted)."""
    return client.get(reverse("articles:search"), params, follow=True)


@pytest.fixture
def archive():
    decrees = make_category(name="Văn bản mới")
    health = make_category(name="Y tế")
    now = timezone.now()
    return {
        "decree": make_article(
            title="Nghị định 15/2020/NĐ-CP quy định xử phạt vi phạm hành chính",
            category=decrees,
            published_at=now - timedelta(days=400),
        ),
        "circular": make_article(
            title="Hướng dẫn thi hành",
            body="<p>Thông tư số 01/2021/TT-BTC của Bộ Tài chính hướng dẫn chi tiết.</p>",
            category=decrees,
            published_at=now - timedelta(days=30),
        ),
        "decision": make_article(
            title="Quyết định 123/QĐ-TTg phê duyệt đề án",
            category=decrees,
            published_at=now - timedelta(days=3),
        ),
        "flu": make_article(
            title="Phòng chống cúm H5N1-2024 ở gia cầm",
            summary="Bệnh COVID-19 và cúm gia cầm được giám sát chặt.",
            category=health,
            published_at=now - timedelta(days=2),
        ),
        "other": make_article(
            title="Hội nghị tổng kết công tác năm 2020",
            body="<p>Tổng kết năm 15 và 2020 của các đơn vị, không có nghị định nào.</p>",
            category=health,
            published_at=now - timedelta(days=1),
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("15/2020/NĐ-CP", ["decree"]),
        ("15/2020/ND-CP", ["decree"]),
        ("15/2020/nđ-cp", ["decree"]),
        ("15/2020", ["decree"]),
        ("15/NĐ-CP", ["decree"]),  # số and type, the year left out
        ("15/nd-cp", ["decree"]),
        ("nghị định 15/NĐ-CP", ["decree"]),
        ("01/TT-BTC", ["circular"]),
        ("15 / 2020", ["decree"]),
        ("nghị định 15/2020", ["decree"]),
        ("01/2021/TT-BTC", ["circular"]),
        ("01/2021", ["circular"]),
        ("123/QĐ-TTg", ["decision"]),
        ("123/qd-ttg", ["decision"]),
        ("H5N1-2024", ["flu"]),
        ("h5n1-2024", ["flu"]),
        ("COVID-19", ["flu"]),
        ("covid 19", ["flu"]),  # a code's parts are words too
        ("Covid 19", ["flu"]),
        ("covid 19 cúm", ["flu"]),  # ...and the article has "cúm" as well
        ("h5n1 2024", ["flu"]),
        ("covid 20", []),
        ("16/2020/NĐ-CP", []),
        ("16/NĐ-CP", []),
        ("15/TT-BTC", []),
        ("15/2021", []),
    ],
)
def test_a_citizen_finds_documents_and_codes_as_typed(client, archive, query, expected):
    found = titles(search(client, q=query))

    assert found == [archive[name].title for name in expected]


def test_a_quoted_phrase_finds_the_words_together_only(client, archive):
    together = titles(search(client, q='"tổng kết công tác"'))
    apart = titles(search(client, q='"công tác tổng kết"'))

    assert together == [archive["other"].title]
    assert apart == []


def test_a_document_type_alone_finds_every_document_of_that_type(client, archive):
    assert titles(search(client, q="NĐ-CP")) == [archive["decree"].title]


def test_filters_by_category_topic_and_dates(client, archive):
    topic = make_topic(name="Tài chính công")
    archive["circular"].topics.add(topic)
    today = timezone.localdate()

    by_category = titles(search(client, **{"q": "", "chuyen-muc": archive["flu"].category.slug}))
    by_topic = titles(search(client, **{"chu-de": topic.slug}))
    by_dates = titles(
        search(
            client,
            tu=(today - timedelta(days=35)).isoformat(),
            den=(today - timedelta(days=2)).isoformat(),
        )
    )

    assert by_category == [archive["other"].title, archive["flu"].title]
    assert by_topic == [archive["circular"].title]
    assert by_dates == [archive["flu"].title, archive["decision"].title, archive["circular"].title]


def test_newest_first_or_most_relevant_first(client):
    category = make_category()
    older = make_article(title="Cải cách thủ tục hành chính", category=category)
    newer = make_article(
        title="Tin trong ngày",
        body="<p>Tiếp tục cải cách.</p>",
        category=category,
        published_at=older.published_at + timedelta(hours=1),
    )

    relevant = titles(search(client, q="cải cách"))
    newest = titles(search(client, **{"q": "cải cách", "sap-xep": "moi-nhat"}))

    assert relevant == [older.title, newer.title]
    assert newest == [newer.title, older.title]


def test_a_bad_filter_is_explained_in_vietnamese_and_left_out(client, archive):
    response = search(client, **{"q": "15/2020", "chuyen-muc": "khong-co", "tu": "31/02/2024"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Chuyên mục này không có." in content
    assert "Ngày không hợp lệ" in content
    assert titles(response) == [archive["decree"].title]


@pytest.mark.parametrize("query", ["15/2020/nd-cp", "15/2020", "15/NĐ-CP"])
def test_the_document_number_is_highlighted_as_written(client, archive, query):
    content = search(client, q=query).content.decode()

    assert "<mark>15/2020/NĐ-CP</mark>" in content


def test_a_codes_parts_typed_as_words_are_highlighted(client, archive):
    content = search(client, q="covid 19").content.decode()

    assert "Bệnh <mark>COVID</mark>-<mark>19</mark> và cúm" in content


def test_unknown_parameters_are_dropped_by_a_redirect(client, archive):
    response = client.get(reverse("articles:search"), {"q": "15/2020", "utm_source": "zalo"})

    assert response.status_code in (301, 302)
    assert response["Location"].endswith("?q=15%2F2020")


def test_results_past_a_thousand_are_capped_not_counted(client, monkeypatch):
    from articles import search as search_module

    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    category = make_category()
    for n in range(5):
        make_article(title=f"Chuyển đổi số bước {n}", category=category)

    response = search(client, q="chuyển đổi số")

    assert "Tìm thấy hơn 3 kết quả." in response.content.decode()
    assert search(client, q="chuyển đổi số", trang=2).status_code == 404


def test_the_pages_keep_the_filters(client):
    category = make_category()
    for n in range(12):
        make_article(title=f"Cải cách hành chính đợt {n}", category=category)

    content = search(client, **{"q": "cai cach", "chuyen-muc": category.slug}).content.decode()

    assert f"?chuyen-muc={category.slug}&amp;q=cai+cach&amp;trang=2" in content


def test_codes_are_taken_out_of_title_summary_and_body_html():
    codes = document_codes(
        "Nghị định 15/2020/NĐ-CP",
        "",
        '<p>Theo <a href="/x">Thông tư 01/2021/TT-BTC</a>, COVID-19.</p>',
    )

    assert codes.split() == [
        "15/2020/nd-cp",
        "15/2020",
        "15/nd-cp",
        "nd-cp",
        "01/2021/tt-btc",
        "01/2021",
        "01/tt-btc",
        "tt-btc",
        "covid-19",
        "covid",
        "19",
    ]


def test_a_query_is_split_into_codes_and_words():
    assert split_query("Nghị định 15/2020/NĐ-CP về xử phạt") == (
        ["15/2020/nd-cp"],
        "nghi dinh ve xu phat",
    )
    assert split_query("cúm H5N1-2024") == (["h5n1-2024"], "cum")
    assert split_query("thi đua") == ([], "thi dua")


@pytest.mark.django_db(transaction=True)
def test_articles_stored_before_the_code_parts_are_found_by_them(latest_migrations):
    article = make_article(
        title="Nghị định 15/2020/NĐ-CP về phòng chống COVID-19", category=make_category()
    )
    migrate_to([("articles", "0022_article_review_index")])
    # The codes as the extraction before the parts stored them.
    old_codes = "15/2020/nd-cp 15/2020 nd-cp covid-19"
    Article.objects.filter(pk=article.pk).update(search_codes=old_codes)
    assert not Article.objects.search("15/NĐ-CP").exists()

    migrate_to(latest_migrations)

    assert list(Article.objects.search("15/NĐ-CP")) == [article]
    assert list(Article.objects.search("covid 19")) == [article]
