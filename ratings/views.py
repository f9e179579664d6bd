"""The plain HTML rating page: the path for readers without JavaScript.

The article page's widget is a GET form leading here with the chosen score;
this page has the captcha and the CSRF token (the article page has neither,
so it stays cacheable), posts, and redirects back to the article with a
message.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from articles.models import Article

from . import captcha, services
from .fingerprint import give_voter_token, read_voter_token, remember_voter
from .forms import SCORE_RE, payload_from_post
from .messages import ALREADY_RATED, THANKS
from .models import SCORES, Vote
from .submission import submit_vote
from .throttling import refusal_of_attempt, with_retry_after


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def rate(request, article_id):
    article = get_object_or_404(
        Article.objects.published().select_related("category", "rating_summary"), pk=article_id
    )
    back = f"{article.get_absolute_url()}#danh-gia"
    token = read_voter_token(request)
    if token and Vote.objects.by_voter(article, token).exists():
        messages.info(request, ALREADY_RATED)
        return redirect(back)

    status, errors, retry_after = 200, {}, None
    if request.method == "POST":
        data = payload_from_post(request.POST)
        outcome = submit_vote(request, article, data)
        if outcome.ok:
            messages.success(request, f"{THANKS}. {outcome.summary.label}.")
            return remember_voter(request, redirect(back), outcome.voter)
        if outcome.status == 409:
            messages.info(request, ALREADY_RATED)
            return redirect(back)
        status, errors, retry_after = outcome.status, outcome.errors, outcome.retry_after
        score = _score(data.get("score"))
    else:
        score = _score(request.GET.get("score"))
        refusal = refusal_of_attempt(request)
        if refusal:
            status, retry_after = refusal.status, refusal.retry_after
            errors = {"__all__": [refusal.message]}
    response = render(
        request,
        "ratings/rate.html",
        {
            "article": article,
            "summary": services.summary_for(article),
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


def _score(value):
    match = SCORE_RE.match(value) if isinstance(value, str) else None
    return int(match.group(1)) if match else None
