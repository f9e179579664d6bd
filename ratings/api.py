"""The JSON API of ratings (the widget's, and any client's). Contract in
docs/ratings.md, "Rating API": GET/POST /api/ratings/<article_id>/, GET /api/ratings/captcha/.
The captcha's image and audio are in captcha_views.py."""

import json

from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Article

from . import captcha, limits, proof, selectors, texts
from .fingerprint import give_voter_token, read_voter_token, remember_voter
from .forms import payload_from_post
from .refusals import VoteRefused, with_retry_after
from .submission import submit_vote


def _public_article(article_id):
    return get_object_or_404(
        Article.objects.published().select_related("rating_summary").defer("body"), pk=article_id
    )


def _errors(status, errors, retry_after=None):
    """The API's refusal: {"errors": {field: [message, ...]}}."""
    return with_retry_after(JsonResponse({"errors": errors}, status=status), retry_after)


def _error(status, message, retry_after=None):
    return _errors(status, {"__all__": [message]}, retry_after)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def article_ratings(request, article_id):
    """GET: the article's aggregate, with `voted`, `your_score` (this
    browser's score, read through its voter cookie, or null) and `your_state`
    (that vote's moderation state: "visible", "held", "hidden", or null). POST: cast a
    vote (score + captcha, and the widget's proof of work; without one the
    vote counts against the lower quota of plain votes)."""
    if request.method == "POST":
        # Whether the article is public is checked as the vote locks its
        # summary (ratings.vote_sql): one statement fewer per vote.
        return _vote(request, Article(pk=article_id))
    try:
        article = _public_article(article_id)
    except Http404:
        return _error(404, texts.ARTICLE_NOT_FOUND)
    body = selectors.summary_for(article=article).as_dict()
    score, state = selectors.own_vote(article=article, token=read_voter_token(request))
    body.update(voted=score is not None, your_score=score, your_state=state)
    return JsonResponse(body)


def _vote(request, article):
    data = _payload(request)
    if data is None:
        return _error(400, texts.BAD_PAYLOAD)
    outcome = submit_vote(request, article, data, with_proof=True)
    if not outcome.ok:
        return _errors(outcome.status, outcome.errors, outcome.retry_after)
    body = outcome.summary.as_dict()
    # A held vote is stored (201) but not in the aggregate: say so.
    body.update(
        voted=True,
        your_score=outcome.score,
        your_state="held" if outcome.held else "visible",
        held=outcome.held,
        message=texts.HELD if outcome.held else texts.THANKS,
    )
    return remember_voter(request, JsonResponse(body, status=201), outcome.voter)


def _payload(request):
    """The request's fields as a dict, from JSON or a form body; None when
    the body cannot be read as either."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, RecursionError):
            # RecursionError: a body nested deeper than the parser's stack.
            return None
        return data if isinstance(data, dict) else None
    return payload_from_post(request.POST)


@never_cache
@require_safe
def new_captcha(request):
    """A new captcha with the proof-of-work challenge of the vote (`altcha`),
    and Django's CSRF cookie (plus its token, for scripts
    that cannot read cookies) and the voter cookie for the vote that follows."""
    try:
        limits.count_request(request)
    except VoteRefused as refusal:
        return _error(refusal.status, refusal.message, refusal.retry_after)
    body = captcha.issue()
    body[proof.FIELD] = proof.issue()
    body["csrf_token"] = get_token(request)
    return give_voter_token(request, JsonResponse(body))
