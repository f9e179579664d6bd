"""The captcha's image and its Vietnamese audio.

Only issued captchas count as attempts of a network (when the API or the
rating page hands one out), never the showing of their image or audio: a
client asking for made-up or used keys must not lock its neighbours out of
rating. Such requests are answered cheaply, before anything is drawn or
read: 404 for what is not a key, 410 for a key that is used, expired or was
never issued.

What drawing and reading cost stays tied to the counted captchas: each may
be shown limits.SHOWINGS_PER_CAPTCHA times (its image at both scales, a
reload, its listenings), then answers 429; its audio, a new rendering each
time, may be heard RATINGS_CAPTCHA_LISTENINGS times, then answers 429 with
the API's JSON telling the reader to take a new captcha; and a network gets
at most RATINGS_MAX_LISTENINGS_PER_NETWORK_PER_MINUTE renderings a minute
(429 with Retry-After), so that listening without pause does not take a
core from the readers."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import captcha, captcha_drawing, limits, speech
from .fingerprint import network_hash_of_request
from .refusals import ListenedEnough, VoteRefused, with_retry_after


def _challenge(key):
    """(the characters, None) when the captcha `key` may be shown once more;
    else (None, the answer): 410 for a key used, expired or never issued,
    429 after limits.SHOWINGS_PER_CAPTCHA showings, 503 while the counters
    cannot be reached."""
    store = captcha.live_store(key)
    if store is None:
        return None, HttpResponse(status=410)
    try:
        limits.count_showing(key=key, lifetime_seconds=60 * captcha.lifetime_minutes())
    except VoteRefused as refusal:
        return None, with_retry_after(HttpResponse(status=refusal.status), refusal.retry_after)
    return store.challenge, None


@never_cache
@require_safe
def captcha_image(request, key, scale):
    """The captcha's PNG at `scale` (1, or 2 for high-density screens)."""
    if not captcha.is_key(key):
        return HttpResponse(status=404)
    challenge, refusal = _challenge(key)
    if refusal:
        return refusal
    png = captcha_drawing.draw(challenge, key, scale)
    return HttpResponse(png, content_type="image/png")


@never_cache
@require_safe
def captcha_audio(request, key):
    """The captcha's characters read in Vietnamese (WAV), a new rendering
    each time; 410 once it is used or expired, 404 where no speech engine
    is installed, 429 past RATINGS_CAPTCHA_LISTENINGS listenings of it or
    past the network's RATINGS_MAX_LISTENINGS_PER_NETWORK_PER_MINUTE."""
    if not speech.available():
        return HttpResponse(status=404)
    challenge, refusal = _challenge(key)
    if refusal:
        return refusal
    try:
        limits.count_listening(key=key, lifetime_seconds=60 * captcha.lifetime_minutes())
        limits.count_network_listening(network_hash=network_hash_of_request(request))
    except ListenedEnough as refusal:
        return JsonResponse({"errors": {"captcha": [refusal.message]}}, status=refusal.status)
    except VoteRefused as refusal:
        return with_retry_after(HttpResponse(status=refusal.status), refusal.retry_after)
    wav = speech.synthesize(challenge)
    if wav is None:
        return HttpResponse(status=503)
    response = HttpResponse(wav, content_type="audio/wav")
    response["Content-Disposition"] = 'inline; filename="ma-xac-nhan.wav"'
    return response
