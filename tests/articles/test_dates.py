from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles.models import Article
from articles.templatetags.portal import portal_datetime
from tests.articles.test_admin_publishing import article_form
from tests.factories import make_article, make_category


def test_dates_read_as_on_the_vpcp_portal():
    # 05:49 UTC is 12:49 in Hanoi; 13/01/2017 was a Friday.
    moment = datetime(2017, 1, 13, 5, 49, tzinfo=UTC)
    assert portal_datetime(moment) == "Thứ sáu, 13/01/2017 12:49\N{NO-BREAK SPACE}GMT+7"


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (9, "Thứ hai"),
        (10, "Thứ ba"),
        (11, "Thứ tư"),
        (12, "Thứ năm"),
        (14, "Thứ bảy"),
        (15, "Chủ nhật"),
    ],
)
def test_every_weekday_is_written_in_words(day, weekday):
    moment = datetime(2017, 1, day, 3, 0, tzinfo=UTC)
    assert portal_datetime(moment).startswith(f"{weekday}, {day:02d}/01/2017")


def test_a_late_utc_evening_is_the_next_day_in_hanoi():
    assert portal_datetime(datetime(2017, 1, 12, 20, 0, tzinfo=UTC)).startswith(
        "Thứ sáu, 13/01/2017 03:00"
    )


@pytest.mark.django_db
def test_the_article_page_shows_the_portal_date_line(client):
    article = make_article(published_at=datetime(2017, 1, 13, 5, 49, tzinfo=UTC))
    page = client.get(article.get_absolute_url()).content.decode()

    assert "Thứ sáu, 13/01/2017 12:49\N{NO-BREAK SPACE}GMT+7" in page


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["01/01/0001", "05/01/0017", "31/12/9999"])
def test_a_mistyped_publication_year_is_refused_in_vietnamese_and_nothing_is_saved(
    approver_client, day
):
    response = approver_client.post(
        reverse("admin:articles_article_add"),
        article_form(make_category(), _publish="1", published_at_0=day, published_at_1="00:00"),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["published_at"] == [
        "Năm xuất bản phải từ 1900 đến 2100."
    ]
    assert not Article.objects.exists()
