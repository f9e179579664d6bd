"""The JSON API of ratings (the widget's, and any client's). Contract in the
README: GET/POST /api/ratings/<article_id>/, GET /api/ratings/captcha/."""

import json

from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Article

from . import captcha, ratelimit, services, speech
from .fingerprint import network_hash_of_request, read_voter_token, remember_voter
from .forms import payload_from_post
from .models import Vote
from .submission import submit_vote

THANKS = "Cảm ơn bạn đã đánh giá"
BAD_PAYLOAD = "Dữ liệu gửi lên không hợp lệ"
NOT_FOUND = "Không tìm thấy bài viết"


def _public_article(article_id):
    return get_object_or_404(
        Article.objects.published().select_related("rating_summary").defer("body"), pk=article_id
    )


def _error(status, message, field="__all__", retry_after=None):
    response = JsonResponse({"errors": {field: [message]}}, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def article_ratings(request, article_id):
    """GET: the article's aggregate. POST: cast a vote (score + captcha)."""
    try:
        article = _public_article(article_id)
    except Http404:
        return _error(404, NOT_FOUND)
    if request.method == "POST":
        return _vote(request, article)
    body = services.summary_for(article).as_dict()
    token = read_voter_token(request)
    body["voted"] = bool(token) and Vote.objects.filter(article=article, voter_token=token).exists()
    return JsonResponse(body)


def _vote(request, article):
    data = _payload(request)
    if data is None:
        return _error(400, BAD_PAYLOAD)
    outcome = submit_vote(request, article, data)
    if not outcome.ok:
        response = JsonResponse({"errors": outcome.errors}, status=outcome.status)
        if outcome.retry_after:
            response["Retry-After"] = str(outcome.retry_after)
        return response
    body = outcome.summary.as_dict()
    body.update(voted=True, message=THANKS)
    return remember_voter(request, JsonResponse(body, status=201), outcome.voter)


def _payload(request):
    """The request's fields as a dict, from JSON or a form body; None when
    the body cannot be read as either."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return None
        return data if isinstance(data, dict) else None
    return payload_from_post(request.POST)


@never_cache
@require_safe
def new_captcha(request):
    """A new captcha, and Django's CSRF cookie (plus its token, for scripts
    that cannot read cookies) for the vote that follows."""
    try:
        ratelimit.hit(ratelimit.ATTEMPTS, network_hash_of_request(request))
    except ratelimit.RateLimited as exc:
        return _error(429, services.TOO_MANY_VOTES, retry_after=exc.retry_after)
    body = captcha.issue()
    body["csrf_token"] = get_token(request)
    return JsonResponse(body)


@never_cache
@require_safe
def captcha_audio(request, key):
    """The captcha's characters read in Vietnamese (WAV); 410 once it is
    used or expired, 404 where no speech engine is installed."""
    if not speech.available():
        return HttpResponse(status=404)
    store = captcha.live_store(key)
    if store is None:
        return HttpResponse(status=410)
    try:
        ratelimit.hit(ratelimit.ATTEMPTS, network_hash_of_request(request))
    except ratelimit.RateLimited as exc:
        response = HttpResponse(status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response
    wav = speech.synthesize(store.challenge)
    if wav is None:
        return HttpResponse(status=503)
    response = HttpResponse(wav, content_type="audio/wav")
    response["Content-Disposition"] = 'inline; filename="ma-xac-nhan.wav"'
    return response
