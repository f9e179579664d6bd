"""Read-only queries of ratings, for views, template tags and the admin."""

from django.conf import settings
from django.db.models import Count, F, FloatField, QuerySet, Sum
from django.db.models.functions import Cast

from articles.models import Article

from .models import DEFAULT_PRIOR_MEAN, RatingSummary, Vote, bayesian_score


def summary_for(*, article: Article) -> RatingSummary:
    """The article's summary; an empty, unsaved one if nobody has voted yet.
    Uses the row select_related("rating_summary") fetched, if any (no query)."""
    try:
        return article.rating_summary
    except RatingSummary.DoesNotExist:
        return RatingSummary(article=article)


def has_voted(*, article: Article, token: str | None) -> bool:
    """Whether the browser with this voter token has a vote on the article
    (constraint rating_vote_one_per_voter); False without a token."""
    return bool(token) and Vote.objects.by_voter(article, token).exists()


def summary_fields(*, article_ids: list[int]) -> dict[int, dict[str, int]]:
    """{article_id: the stored fields of its summary} as its votes say: the
    count, total and histogram of the visible votes (RatingSummary.fields_for)
    and `held`, the votes waiting for a moderator. One query."""
    histograms: dict[int, dict[int, int]] = {}
    held: dict[int, int] = {}
    rows = (
        Vote.objects.filter(article_id__in=article_ids)
        .exclude(state=Vote.State.HIDDEN)
        .order_by()
        .values_list("article_id", "state", "score")
        .annotate(n=Count("pk"))
    )
    for article_id, state, score, n in rows:
        if state == Vote.State.HELD:
            held[article_id] = held.get(article_id, 0) + n
        else:
            histograms.setdefault(article_id, {})[score] = n
    return {
        article_id: {
            **RatingSummary.fields_for(histograms.get(article_id, {})),
            "held": held.get(article_id, 0),
        }
        for article_id in article_ids
    }


def held_votes_waiting() -> int:
    """Votes waiting for a moderator, all articles: the sum of the summaries'
    `held` (one row per rated article, no scan of the votes). One query."""
    return RatingSummary.objects.aggregate(waiting=Sum("held"))["waiting"] or 0


def own_vote(*, article: Article, token: str | None) -> tuple[int, str] | tuple[None, None]:
    """(score, state) of the vote the browser with this voter token gave the
    article: the score 1-5 and its moderation state ("visible", "held" or
    "hidden", Vote.State), or (None, None): no token, or no vote. The API
    answers them as `your_score` and `your_state`, so the widget says whether
    the reader's score counts, waits for a moderator, or was not counted."""
    if not token:
        return None, None
    row = Vote.objects.by_voter(article, token).values_list("score", "state").first()
    return row if row else (None, None)


def bayesian_prior() -> tuple[float, float]:
    """(C, m) of the Bayesian average, from RATINGS_BAYES_PRIOR_VOTES and
    RATINGS_BAYES_PRIOR_MEAN; see top_rated_articles()."""
    mean = settings.RATINGS_BAYES_PRIOR_MEAN
    if mean == "portal":
        mean = RatingSummary.objects.portal_mean() or DEFAULT_PRIOR_MEAN
    return float(settings.RATINGS_BAYES_PRIOR_VOTES), float(mean)


def top_rated_articles(*, limit: int = 5) -> list[Article]:
    """Public articles ranked by their Bayesian average, best first.

        B = (C * m + S) / (C + n)

    n is the number of visible votes on the article and S the sum of their
    scores (so S / n is its plain average). Every article starts as if it
    already had C votes of m stars: C = RATINGS_BAYES_PRIOR_VOTES (default
    10) and m = RATINGS_BAYES_PRIOR_MEAN (default 3.0, the middle of the
    scale; "portal" uses the mean of all votes on the portal instead). A few
    votes barely move an article away from m; many votes bring B close to
    the plain average. With the defaults, one 5-star vote gives
    (30 + 5) / 11 = 3.18, while 300 votes averaging 4.6 give
    (30 + 1380) / 310 = 4.55. A fixed m below the usual scores keeps that
    order even on a portal whose readers mostly give 4 or 5 stars (with m at
    a portal mean of 4.7, the single 5-star vote would win). Ties go to the
    article with more votes, then the newer one. Only articles with at least
    RATINGS_TOP_RATED_MIN_VOTES (default 5) visible votes are listed. One query (two with
    "portal"), whatever the number of votes.

    Each article carries `rating_count`, `rating_average` and `rating_score` (B).
    """
    return list(top_rated_queryset(limit=limit))


def top_rated_queryset(*, limit: int = 5) -> QuerySet[Article]:
    """The query behind top_rated_articles(), unevaluated."""
    prior_votes, prior_mean = bayesian_prior()
    count = Cast(F("rating_summary__count"), FloatField())
    total = Cast(F("rating_summary__total"), FloatField())
    return (
        Article.objects.published()
        .for_listing()
        # count > 0 matches the partial index; the minimum keeps an article
        # with a handful of votes out of the list.
        .filter(
            rating_summary__count__gt=0,
            rating_summary__count__gte=settings.RATINGS_TOP_RATED_MIN_VOTES,
        )
        .annotate(
            rating_count=F("rating_summary__count"),
            rating_average=total / count,
            rating_score=bayesian_score(prior_votes, prior_mean, prefix="rating_summary__"),
        )
        .order_by("-rating_score", "-rating_count", "-published_at", "-pk")[:limit]
    )


def held_queue(*, limit: int = 10) -> tuple[int, list[dict]]:
    """The votes waiting for a moderator: their total, and the `limit`
    articles holding most of them (dicts of article id, title and count,
    most first). Reads the partial index of held votes
    (rating_vote_held_idx), so the cost follows the queue, not the table."""
    held = Vote.objects.filter(state=Vote.State.HELD)
    per_article = list(
        held.values("article_id", "article__title")
        .annotate(waiting=Count("id"))
        .order_by("-waiting", "article_id")[:limit]
    )
    return held.count(), per_article
