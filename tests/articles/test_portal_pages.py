"""What a state agency's portal carries on every page and for people who
look for its feeds and sections: the top strip, the footer's details, the
feeds page and the human site map."""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from pagecache import registry
from pagecache.schedule import next_midnight
from tests.factories import make_article, make_category, make_topic

pytestmark = pytest.mark.django_db


def test_every_page_shows_todays_date_line_and_the_hotline(client, settings):
    settings.SITE_DETAILS = {**settings.SITE_DETAILS, "hotline": "080 12345"}
    today = timezone.localdate()
    weekday = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]

    content = client.get(reverse("articles:home")).content.decode()

    assert f"{weekday[today.weekday()]}, {today:%d/%m/%Y}" in content
    hotline = content.split('href="tel:08012345">')[1].split("</a>")[0]
    # What a screen reader reads; on a phone a handset stands for the label.
    assert (
        re.sub(r"<[^>]+>", "", re.sub(r"<svg.*?</svg>", "", hotline)) == "Đường dây nóng: 080 12345"
    )


def test_the_footer_carries_the_details_a_state_portal_must_publish(client, settings):
    settings.SITE_DETAILS = {
        "agency": "Văn phòng Chính phủ",
        "address": "16 Lê Hồng Phong, Ba Đình, Hà Nội",
        "responsible": "Ông Nguyễn Văn A, Tổng Biên tập",
        "licence": "Giấy phép số 99/GP-TTĐT",
        "phone": "024 1234 5678",
        "hotline": "080 43162",
        "email": "toasoan@example.gov.vn",
    }

    content = client.get(reverse("articles:search")).content.decode()

    assert "Cơ quan chủ quản: Văn phòng Chính phủ." in content
    assert "Chịu trách nhiệm nội dung: Ông Nguyễn Văn A, Tổng Biên tập." in content
    assert "Giấy phép số 99/GP-TTĐT" in content
    assert '<a href="tel:02412345678">024 1234 5678</a>' in content
    assert '<a href="mailto:toasoan@example.gov.vn">toasoan@example.gov.vn</a>' in content


def test_no_page_is_kept_past_midnight_portal_time():
    midnight = next_midnight()
    local = timezone.localtime(midnight)

    assert (local.hour, local.minute, local.second) == (0, 0, 0)
    assert local.date() == timezone.localdate() + timezone.timedelta(days=1)
    assert registry.next_change() <= midnight


def test_the_feeds_page_lists_a_feed_per_category_and_topic_for_people(client):
    article = make_article(category=make_category(name="Kinh tế"))
    topic = make_topic(name="Chuyển đổi số")
    article.topics.add(topic)
    empty = make_category(name="Chuyên mục trống")

    response = client.get("/kenh-rss/")

    content = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert f'href="/rss/{article.category.slug}/">Kinh tế</a>' in content
    assert f'href="/rss/chu-de/{topic.slug}/">Chuyển đổi số</a>' in content
    assert f"http://testserver/rss/{article.category.slug}/" in content
    assert f"/rss/{empty.slug}/" not in content


def test_the_site_map_page_lists_the_sections_for_people(client):
    article = make_article(category=make_category(name="Xã hội"))
    make_article(
        title="Nháp", category=make_category(name="Chưa có bài"), status=Article.Status.DRAFT
    )

    page = client.get("/so-do-trang/").content.decode()
    content = page[page.index("<main") : page.index("</main>")]  # the menu lists every category

    assert f'<a href="{article.category.get_absolute_url()}">Xã hội</a>' in content
    assert "Chưa có bài" not in content
    assert '<a href="/sitemap.xml">sitemap.xml</a>' in content


def test_the_footer_leads_people_to_pages_not_raw_xml(client):
    content = client.get(reverse("articles:home")).content.decode()

    assert '<a href="/kenh-rss/">RSS</a>' in content
    assert '<a href="/so-do-trang/">Sơ đồ trang</a>' in content


def test_the_date_line_reads_the_portal_day_not_the_servers():
    from articles.templatetags.portal import date_line

    assert date_line(datetime(2026, 12, 7).date()) == "Thứ hai, 07/12/2026"
