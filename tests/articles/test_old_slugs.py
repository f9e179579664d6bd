"""Old links keep working: the old address of a renamed category or topic, or
of an article whose slug changed, and their feeds, answer 301 to the current
address; only public objects are reached, and a slug taken again by another
object serves that object."""

import feedparser
import pytest
from django.core.cache import cache, caches
from django.db import IntegrityError, connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, OldSlug
from articles.paging import cursor_of
from pagecache.canonical import page_key
from tests.articles.desk import change_form, change_url, list_action, staff
from tests.factories import make_article, make_category, make_topic

pytestmark = pytest.mark.django_db


def signed_in(role):
    client = Client()
    client.force_login(staff(role))
    return client


def moved(response):
    """Where a 301 leads; fails on anything else."""
    assert response.status_code == 301, response.status_code
    return response["Location"]


def rename_category(approver, category, **fields):
    data = {"name": category.name, "slug": category.slug, "order": 0, "description": ""}
    response = approver.post(
        reverse("admin:articles_category_change", args=[category.pk]), data | fields
    )
    assert response.status_code == 302
    category.refresh_from_db()
    return category


def rename_topic(approver, topic, **fields):
    data = {"name": topic.name, "slug": topic.slug} | fields
    response = approver.post(reverse("admin:articles_topic_change", args=[topic.pk]), data)
    assert response.status_code == 302
    topic.refresh_from_db()
    return topic


def test_a_renamed_category_leads_from_its_old_page_and_feed_to_the_new_ones():
    category = make_category(name="Thời sự")
    for n in range(13):  # two pages
        make_article(category=category, title=f"Tin thời sự số {n}")
    reader = Client()
    assert reader.get("/chuyen-muc/thoi-su/").status_code == 200  # now cached

    rename_category(signed_in("approver"), category, name="Thời sự trong nước", slug="")

    assert category.slug == "thoi-su-trong-nuoc"
    assert moved(reader.get("/chuyen-muc/thoi-su/")) == "/chuyen-muc/thoi-su-trong-nuoc/"
    twelfth = Article.objects.filter(category=category).order_by("-published_at", "-pk")[11]
    second = f"sau={cursor_of(twelfth)}"
    old_second = reader.get(f"/chuyen-muc/thoi-su/?{second}")
    assert moved(old_second) == f"/chuyen-muc/thoi-su-trong-nuoc/?{second}"
    assert moved(reader.get("/rss/thoi-su/")) == "/rss/thoi-su-trong-nuoc/"
    assert reader.get(f"/chuyen-muc/thoi-su-trong-nuoc/?{second}").status_code == 200
    page = reader.get("/chuyen-muc/thoi-su-trong-nuoc/")
    assert "Tin thời sự số 0" in page.content.decode()
    feed = feedparser.parse(reader.get("/rss/thoi-su-trong-nuoc/").content)
    assert not feed.bozo
    assert feed.feed.title.startswith("Thời sự trong nước")
    assert len(feed.entries) == 13


def test_the_cached_page_of_an_old_address_is_dropped_when_it_moves():
    category = make_category(name="Quốc tế")
    reader = Client()
    reader.get("/chuyen-muc/quoc-te/")
    key = page_key(RequestFactory().get("/chuyen-muc/quoc-te/"))
    assert cache.get(key) is not None

    rename_category(signed_in("approver"), category, slug="the-gioi")

    assert moved(reader.get("/chuyen-muc/quoc-te/")) == "/chuyen-muc/the-gioi/"
    # Not kept as a previous page to answer while another request renders.
    assert cache.get(key) is None
    assert caches["pages"].get(key) is None


def test_a_page_that_is_found_costs_the_redirect_no_query(client, settings):
    category = make_category(name="Quốc tế")
    make_article(category=category)
    settings.PAGE_CACHE_SECONDS = 0  # rendered every time: the same work twice

    def queries_of_the_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(category.get_absolute_url()).status_code == 200
        return len(queries)

    queries_of_the_page()  # what a process keeps between pages is kept now
    with_redirects = queries_of_the_page()
    before = len(settings.MIDDLEWARE)
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("OldSlugRedirectMiddleware")
    ]
    assert len(settings.MIDDLEWARE) == before - 1
    assert queries_of_the_page() == with_redirects


def test_a_redirect_is_revalidated_not_remembered():
    category = make_category(name="Kinh tế")
    rename_category(signed_in("approver"), category, slug="kinh-te-xa-hoi")
    response = Client().get("/chuyen-muc/kinh-te/")
    assert "no-cache" in response["Cache-Control"]


def test_a_topic_renamed_twice_leads_to_its_current_page_in_one_hop():
    topic = make_topic(name="Chuyển đổi số")
    make_article(title="Tin chuyển đổi số").topics.add(topic)
    approver = signed_in("approver")
    rename_topic(approver, topic, name="Chuyển đổi số quốc gia", slug="")
    rename_topic(approver, topic, slug="cds")

    reader = Client()
    for old in ("chuyen-doi-so", "chuyen-doi-so-quoc-gia"):
        assert moved(reader.get(f"/chu-de/{old}/")) == "/chu-de/cds/"
        assert moved(reader.get(f"/rss/chu-de/{old}/")) == "/rss/chu-de/cds/"
    assert "Tin chuyển đổi số" in reader.get("/chu-de/cds/").content.decode()
    assert len(feedparser.parse(reader.get("/rss/chu-de/cds/").content).entries) == 1


def test_an_article_whose_slug_changed_while_taken_down_is_found_when_republished():
    article = make_article(title="Họp báo Chính phủ thường kỳ")
    old = article.get_absolute_url()
    approver, editor, reader = signed_in("approver"), signed_in("editor"), Client()
    assert reader.get(old).status_code == 200
    changelist = reverse("admin:articles_article_changelist")
    approver.post(changelist, list_action("take_down_selected", article))
    article.refresh_from_db()
    response = editor.post(
        change_url(article), change_form(article, slug="hop-bao-chinh-phu-thang-12")
    )
    assert response.status_code == 302

    assert reader.get(old).status_code == 404  # taken down: nothing to lead to
    article.refresh_from_db()
    approver.post(changelist, list_action("publish_selected", article))

    assert moved(reader.get(old)) == "/bai-viet/hop-bao-chinh-phu-thang-12/"
    page = reader.get("/bai-viet/hop-bao-chinh-phu-thang-12/")
    assert "Họp báo Chính phủ thường kỳ" in page.content.decode()


def test_the_old_slug_of_a_draft_stays_404():
    draft = make_article(title="Bản nháp", status=Article.Status.DRAFT)
    editor = signed_in("editor")
    response = editor.post(change_url(draft), change_form(draft, slug="ban-nhap-da-sua"))
    assert response.status_code == 302
    assert OldSlug.objects.filter(slug="ban-nhap", article=draft).exists()

    reader = Client()
    assert reader.get("/bai-viet/ban-nhap/").status_code == 404
    assert reader.get("/bai-viet/ban-nhap-da-sua/").status_code == 404


def test_a_slug_taken_again_serves_the_object_that_holds_it():
    approver, reader = signed_in("approver"), Client()
    old = rename_category(approver, make_category(name="Tin tức"), slug="tin-tuc-cu")
    response = approver.post(
        reverse("admin:articles_category_add"),
        {"name": "Tin tức mới", "slug": "tin-tuc", "order": 0, "description": ""},
    )
    assert response.status_code == 302

    page = reader.get("/chuyen-muc/tin-tuc/")
    assert page.status_code == 200
    assert page.context["category"].name == "Tin tức mới"
    assert reader.get("/rss/tin-tuc/").status_code == 200
    past_the_end = "/chuyen-muc/tin-tuc/?sau=1-1"
    assert reader.get(past_the_end).status_code == 404  # not to the old one
    assert reader.get(old.get_absolute_url()).status_code == 200


def test_an_article_slug_leads_to_the_old_article_until_a_new_one_is_public():
    first = make_article(title="Lịch công tác")
    approver, reader = signed_in("approver"), Client()
    approver.post(
        reverse("admin:articles_article_changelist"), list_action("take_down_selected", first)
    )
    first.refresh_from_db()
    form = change_form(first, slug="lich-cong-tac-tuan-1", _publish="1")
    assert approver.post(change_url(first), form).status_code == 302
    assert moved(reader.get("/bai-viet/lich-cong-tac/")) == "/bai-viet/lich-cong-tac-tuan-1/"

    second = make_article(title="Lịch công tác", status=Article.Status.DRAFT)
    assert second.slug == "lich-cong-tac"  # free again: a draft may take it
    assert moved(reader.get("/bai-viet/lich-cong-tac/")) == "/bai-viet/lich-cong-tac-tuan-1/"
    approver.post(change_url(second), change_form(second, _publish="1"))
    assert reader.get("/bai-viet/lich-cong-tac/").context["article"] == second


def test_the_database_keeps_one_object_per_old_slug_of_a_kind():
    article = make_article()
    OldSlug.objects.create(kind="article", slug="tin-cu", article=article)
    with pytest.raises(IntegrityError):
        OldSlug.objects.create(kind="article", slug="tin-cu", article=make_article())


def test_the_database_refuses_an_old_slug_naming_an_object_of_another_kind():
    with pytest.raises(IntegrityError):
        OldSlug.objects.create(kind="topic", slug="tin-cu", category=make_category())
