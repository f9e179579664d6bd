"""The widget under an article and the "most highly rated" list on the home page."""

import re
from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from ratings.formatting import format_average, format_count, summary_label
from ratings.templatetags.ratings_tags import top_rated_articles
from tests.factories import make_article
from tests.queries import queries_of
from tests.ratings.factories import make_votes

pytestmark = pytest.mark.django_db

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)", re.I)


@pytest.fixture(autouse=True)
def any_number_of_votes_ranks(settings):
    """These tests are about the ranking; the minimum number of votes has
    its own (tests/ratings/test_top_rated_freshness.py)."""
    settings.RATINGS_TOP_RATED_MIN_VOTES = 1


def widget_html(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    start = html.index('<section id="danh-gia"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize(
    ("average", "shown"), [(4.25, "4,3"), (4.24, "4,2"), (3.0, "3,0"), (4.95, "5,0")]
)
def test_the_average_has_one_decimal_and_a_decimal_comma(average, shown):
    assert format_average(average) == shown


def test_vote_counts_use_the_vietnamese_thousands_separator():
    assert format_count(1234) == "1.234"
    assert summary_label(4.3, 1234) == "Điểm trung bình 4,3 (1.234 lượt đánh giá)"


def test_the_widget_shows_the_average_and_the_count(client, article):
    make_votes(article, [5, 4, 4, 4])

    assert "Điểm trung bình 4,3 (4 lượt đánh giá)" in widget_html(client, article)


def test_the_widget_is_a_native_radio_group_with_vietnamese_labels(client, article):
    html = widget_html(client, article)

    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>.*Đánh giá.*</legend>", html, re.S)
    for n in range(1, 6):
        assert f'type="radio" name="score" value="{n}"' in html
        assert f"{n} trên 5 sao" in html
    assert "(Di chuột vào ngôi sao để chọn điểm)" in html


def test_without_javascript_the_widget_leads_to_the_rating_page(client, article):
    html = widget_html(client, article)

    assert f'method="get" action="/danh-gia/{article.pk}/"' in html
    assert "Gửi đánh giá" in html


def test_the_widget_gives_its_script_the_vietnamese_messages(client, article):
    html = widget_html(client, article)

    assert 'data-msg-choose-score="Vui lòng chọn số sao từ 1 đến 5"' in html
    assert 'data-msg-already="Bạn đã đánh giá bài viết này"' in html
    assert 'data-msg-failed="Chưa gửi được đánh giá, vui lòng thử lại sau"' in html


def test_the_widget_has_no_inline_script(client, article):
    html = widget_html(client, article)

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert 'src="/static/ratings/js/ratings.js"' in html
    assert 'src="/static/ratings/js/proof.js"' in html


def test_the_article_page_renders_no_captcha_and_no_csrf_token(client, article):
    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "/captcha/image/" not in html
    assert "csrftoken" not in response.cookies
    assert not CaptchaStore.objects.exists()


def test_rendering_an_article_page_writes_no_row(client, article):
    make_votes(article, [4, 5])

    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_absolute_url()).status_code == 200

    assert [q["sql"] for q in queries if WRITES.match(q["sql"])] == []


def test_the_article_page_costs_the_same_queries_with_one_vote_or_many(settings, client):
    settings.PAGE_CACHE_SECONDS = 0  # measure the rendering, not the page cache
    few, many = make_article(), make_article()
    make_votes(few, [4])
    make_votes(many, [4, 5, 3, 2, 1] * 8)
    for article in (few, many):  # the menu and the article's own published fragments
        client.get(article.get_absolute_url())

    with CaptureQueriesContext(connection) as with_few:
        client.get(few.get_absolute_url())
    with CaptureQueriesContext(connection) as with_many:
        client.get(many.get_absolute_url())

    assert len(with_few) == len(with_many)


def test_an_article_preview_shows_no_widget(admin_client):
    draft = make_article(status="draft")

    html = admin_client.get(f"/xem-truoc/{draft.pk}/").content.decode()

    assert 'id="danh-gia"' not in html


def test_the_article_structured_data_has_no_aggregate_rating(client, article):
    make_votes(article, [5, 5])

    assert "AggregateRating" not in client.get(article.get_absolute_url()).content.decode()


# Most highly rated


def test_one_five_star_vote_does_not_beat_many_good_votes():
    lonely = make_article(title="Một phiếu năm sao")
    popular = make_article(title="Nhiều phiếu tốt")
    make_votes(lonely, [5])
    make_votes(popular, [5, 5, 5, 4, 4] * 6)  # 4.6 from 30 votes

    ranked = top_rated_articles(5)

    assert [a.title for a in ranked] == ["Nhiều phiếu tốt", "Một phiếu năm sao"]


def test_the_ranking_follows_the_bayesian_average(settings):
    settings.RATINGS_BAYES_PRIOR_VOTES = 10
    settings.RATINGS_BAYES_PRIOR_MEAN = 3.0
    article = make_article()
    make_votes(article, [5, 5, 5, 5, 5])

    (ranked,) = top_rated_articles(1)

    assert ranked.rating_score == pytest.approx((10 * 3.0 + 25) / (10 + 5))
    assert ranked.rating_average == pytest.approx(5.0)
    assert ranked.rating_count == 5


def test_the_ranking_lists_public_articles_only():
    hidden, scheduled, public = make_article(), make_article(), make_article()
    for article in (hidden, scheduled, public):
        make_votes(article, [5])
    # Rated while public, then withdrawn or moved to a later time.
    Article.objects.filter(pk=hidden.pk).update(status="draft")
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() + timedelta(hours=2))

    assert [a.pk for a in top_rated_articles(5)] == [public.pk]


def test_the_ranking_costs_the_same_queries_for_one_rated_article_or_many():
    make_votes(make_article(), [5])
    one, ranked = queries_of(lambda: list(top_rated_articles(5)))
    assert len(ranked) == 1
    for n in range(4):
        make_votes(make_article(), [4, 5][: n % 2 + 1] * (n + 1))
    many, ranked = queries_of(lambda: list(top_rated_articles(5)))
    assert len(ranked) == 5
    assert many == one <= 2


def test_the_home_page_lists_the_most_highly_rated_articles(client):
    article = make_article(title="Bài được yêu thích")
    make_votes(article, [5, 5, 4])

    html = client.get("/").content.decode()

    assert "Được đánh giá cao nhất" in html
    assert "Bài được yêu thích" in html
    assert "(3 lượt đánh giá)" in html


def test_the_home_page_has_no_top_rated_list_before_any_vote(client, article):
    assert "Được đánh giá cao nhất" not in client.get("/").content.decode()


def test_the_prior_may_be_the_portal_mean(settings):
    settings.RATINGS_BAYES_PRIOR_VOTES = 10
    settings.RATINGS_BAYES_PRIOR_MEAN = "portal"
    article = make_article()
    make_votes(article, [5, 3])
    make_votes(make_article(), [2, 2])

    ranked = {a.pk: a for a in top_rated_articles(5)}

    assert ranked[article.pk].rating_score == pytest.approx((10 * 3.0 + 8) / 12)
