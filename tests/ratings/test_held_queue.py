"""The moderators' queue: held votes waiting, per article, on the admin
index next to the chart, and the vote list filtered by article without
listing every article that has votes."""

import pytest

from ratings.models import Vote
from tests.articles.desk import staff
from tests.factories import make_article
from tests.ratings.factories import make_votes

pytestmark = pytest.mark.django_db


def hold(votes):
    Vote.objects.filter(pk__in=[vote.pk for vote in votes]).update(state=Vote.State.HELD)


def test_moderators_see_the_held_votes_waiting_per_article_on_the_index(client):
    busy = make_article(title="Bài nhiều phiếu chờ")
    quiet = make_article(title="Bài ít phiếu chờ")
    hold(make_votes(busy, [5, 5, 5]))
    hold(make_votes(quiet, [1]))
    make_votes(quiet, [4, 4])  # counted votes do not wait
    client.force_login(staff("moderator"))

    content = client.get("/quan-tri/").content.decode()

    assert "Lượt đánh giá chờ kiểm duyệt: 4" in content
    assert content.index("Bài nhiều phiếu chờ") < content.index("Bài ít phiếu chờ")
    link = f"/quan-tri/ratings/vote/?article__id__exact={busy.pk}&amp;state__exact=held"
    assert f'<a href="{link}">Bài nhiều phiếu chờ</a></td><td>3</td>' in content


def test_approvers_see_the_chart_but_not_the_moderators_queue(client):
    hold(make_votes(make_article(), [5]))
    client.force_login(staff("approver"))

    content = client.get("/quan-tri/").content.decode()

    assert "Hoạt động đánh giá" in content
    assert "chờ kiểm duyệt:" not in content


def test_the_vote_list_filters_by_one_article_without_listing_every_article(client):
    chosen = make_article(title="Bài được chọn")
    others = [make_article(title=f"Bài khác {n}") for n in range(5)]
    make_votes(chosen, [3, 4])
    for article in others:
        make_votes(article, [2])
    client.force_login(staff("moderator"))

    response = client.get("/quan-tri/ratings/vote/", {"article__id__exact": chosen.pk})

    assert {vote.article_id for vote in response.context["cl"].result_list} == {chosen.pk}
    content = response.content.decode()
    assert "Bài được chọn" in content
    assert "Bài khác 0" not in content  # neither a row nor a filter choice
