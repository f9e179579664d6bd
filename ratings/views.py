"""The plain HTML rating page: the path for readers without JavaScript.

The article page's widget is a GET form leading here with the chosen score;
this page has the captcha and the CSRF token (the article page has neither,
so it stays cacheable), posts, and redirects back to the article with a
message. Its votes carry no proof of work (ratings.proof, which needs the
widget's script): the network's lower hourly quota of such votes applies
instead (ratings.limits.count_plain_vote).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from articles.models import Article

from . import captcha, limits, selectors
from .fingerprint import give_voter_token, read_voter_token, remember_voter
from .formatting import own_vote_sentence
from .forms import parse_score, payload_from_post
from .models import SCORES
from .refusals import VoteRefused, with_retry_after
from .submission import submit_vote
from .texts import ALREADY_RATED, HELD, THANKS


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def rate(request, article_id):
    article = get_object_or_404(
        Article.objects.published().select_related("category", "rating_summary"), pk=article_id
    )
    back = f"{article.get_absolute_url()}#danh-gia"
    if selectors.has_voted(article=article, token=read_voter_token(request)):
        return _already_rated(request, article, 200)

    status, errors, retry_after = 200, {}, None
    if request.method == "POST":
        data = payload_from_post(request.POST)
        outcome = submit_vote(request, article, data, with_proof=False)
        if outcome.ok:
            said = f"{HELD}." if outcome.held else f"{THANKS}. {outcome.summary.label}."
            messages.success(request, said)
            return remember_voter(request, redirect(back), outcome.voter)
        if outcome.status == 409:
            return _already_rated(request, article, 409)
        status, errors, retry_after = outcome.status, outcome.errors, outcome.retry_after
        score = parse_score(data.get("score"))
    else:
        score = parse_score(request.GET.get("score"))
        try:
            limits.count_request(request)
        except VoteRefused as refusal:
            status, retry_after = refusal.status, refusal.retry_after
            errors = {"__all__": [refusal.message]}
    response = render(
        request,
        "ratings/rate.html",
        {
            "article": article,
            "summary": selectors.summary_for(article=article),
            # A new captcha for each showing of the form; none once refused for
            # too many attempts (429) or while the limits cannot be read (503).
            "captcha": captcha.issue() if status in (200, 400) else None,
            "score": score,
            "stars": SCORES,
            "general_errors": errors.get("__all__", []),
            "score_errors": errors.get("score", []),
            "captcha_errors": errors.get("captcha", []),
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return give_voter_token(request, with_retry_after(response, retry_after))


def _already_rated(request, article, status):
    """The page saying the reader has rated the article, without a form. Said
    on this page, not in a flash message: the messages cookie is minted only
    by an accepted vote, so repeating this request cannot make a script a
    cookie that keeps every page it asks for out of the page cache. Says
    what became of the vote too: its score, held for a moderator, or not
    counted (the widget's script says the same from the API)."""
    score, state = selectors.own_vote(article=article, token=read_voter_token(request))
    said = [ALREADY_RATED, own_vote_sentence(score, state)]
    response = render(
        request,
        "ratings/rate.html",
        {
            "article": article,
            "summary": selectors.summary_for(article=article),
            "captcha": None,
            "general_errors": [sentence for sentence in said if sentence],
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
