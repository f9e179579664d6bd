"""The captcha's image and its Vietnamese audio. Each showing counts as an
attempt of the reader's network, like asking for a captcha: both cost the
server work (drawing, speech synthesis) that nobody may ask for unthrottled."""

from captcha import views as library_views
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import captcha, limits, speech
from .refusals import VoteRefused, with_retry_after


def _refused(refusal):
    return with_retry_after(HttpResponse(status=refusal.status), refusal.retry_after)


@never_cache
@require_safe
def captcha_image(request, key, scale):
    """django-simple-captcha's PNG of the captcha (410 once it is gone)."""
    try:
        limits.count_request(request)
    except VoteRefused as refusal:
        return _refused(refusal)
    return library_views.captcha_image(request, key, scale=scale)


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
        limits.count_request(request)
    except VoteRefused as refusal:
        return _refused(refusal)
    wav = speech.synthesize(store.challenge)
    if wav is None:
        return HttpResponse(status=503)
    response = HttpResponse(wav, content_type="audio/wav")
    response["Content-Disposition"] = 'inline; filename="ma-xac-nhan.wav"'
    return response
