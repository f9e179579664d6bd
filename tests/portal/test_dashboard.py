"""The staff dashboard on the admin index: the queue first for approvers, the
returned list for editors, and the rating activity chart with its numbers."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.workflow import services
from ratings.activity import rating_activity
from ratings.models import Vote, VoteBurst
from tests.articles.desk import staff
from tests.factories import make_article
from tests.queries import most_rows_examined
from tests.ratings.factories import make_vote

pytestmark = pytest.mark.django_db
S = Article.Status


def test_approvers_find_the_queue_first_on_the_admin_index_newest_first(client):
    older = make_article(title="Tin gửi trước", status=S.SUBMITTED)
    newer = make_article(title="Tin gửi sau", status=S.SUBMITTED)
    Article.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    make_article(title="Tin nháp riêng", status=S.DRAFT)
    client.force_login(staff("approver"))

    page = client.get(reverse("admin:index")).content.decode()

    queue = page.index("Chờ duyệt (2)")
    assert (
        queue
        < page.index(newer.title)
        < page.index(older.title)
        < page.index('id="content-related"')
    )
    assert queue < page.index("app-articles")
    assert "Tin nháp riêng" not in page


def test_editors_see_their_returned_articles_with_the_remark(client):
    editor = staff("editor")
    article = make_article(title="Tin cần sửa", status=S.SUBMITTED, created_by=editor)
    services.return_article(article=article, by=staff("approver"), remark="Bổ sung ảnh.")
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()

    assert "Bài bị trả lại (1)" in page
    assert "Tin cần sửa" in page and "Bổ sung ảnh." in page


def test_the_chart_counts_votes_a_day_scores_and_bursts():
    now = timezone.now()
    article = make_article()
    for score, days_ago in [(5, 0), (5, 0), (3, 0), (1, 2), (4, 40)]:
        make_vote(article, score=score, now=now - timedelta(days=days_ago))
    hidden = make_vote(article, score=2, now=now)
    Vote.objects.filter(pk=hidden.pk).update(state=Vote.State.HIDDEN)
    VoteBurst.objects.create(
        article=article, kind="network", first_vote_at=now, last_vote_at=now, vote_count=5
    )

    activity = rating_activity(days=30, now=timezone.now())

    assert len(activity.days) == 30
    assert activity.days[-1].votes == 4 and activity.days[-1].bursts == 1
    assert activity.days[-3].votes == 1
    assert activity.total_votes == 5 and activity.total_bursts == 1
    assert activity.scores == {1: 1, 2: 0, 3: 1, 4: 0, 5: 2}


def test_the_chart_is_drawn_for_moderators_with_its_numbers(client):
    article = make_article()
    for score in (5, 5, 4):
        make_vote(article, score=score)
    client.force_login(staff("moderator"))

    page = client.get(reverse("admin:index")).content.decode()

    assert 'role="img"' in page and "Hoạt động đánh giá 30 ngày qua" in page
    assert "3 lượt đánh giá, 0 đợt đánh giá bất thường." in page
    assert f"<title>{timezone.localdate():%d/%m}: 3 lượt</title>" in page
    assert "<title>5 sao: 2 lượt</title>" in page
    assert "Chờ duyệt" not in page  # moderators have no articles


def test_editors_see_no_rating_activity(client):
    client.force_login(staff("editor"))
    assert "Hoạt động đánh giá" not in client.get(reverse("admin:index")).content.decode()


def test_the_chart_counts_only_todays_votes_once_the_past_days_are_counted(client):
    article = make_article()
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    with connection.cursor() as cursor:  # 3,000 votes over the last four weeks, none today
        cursor.execute(
            """
            INSERT INTO ratings_vote (article_id, score, created_at, ip_hash, network_hash,
                                      user_agent_hash, voter_token, state)
            SELECT %s, 1 + n %% 5, %s - n * interval '13 minutes', '', '', '',
                   'past-' || n, 'visible'
            FROM generate_series(1, 3000) AS n
            """,
            [article.pk, midnight],
        )
        cursor.execute("ANALYZE ratings_vote")
    make_vote(article, score=5)
    client.force_login(staff("moderator"))
    client.get(reverse("admin:index"))  # counts the past days

    read, response = most_rows_examined(lambda: client.get(reverse("admin:index")), "ratings_vote")

    assert "3001 lượt đánh giá" in response.content.decode()
    assert read <= 10
