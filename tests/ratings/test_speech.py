"""The audio captcha, read in Vietnamese by espeak-ng."""

import shutil

import pytest
from captcha.models import CaptchaStore

from ratings import speech
from tests.ratings.factories import new_captcha

pytestmark = pytest.mark.django_db

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (make test installs it)"
)


def test_the_characters_are_read_by_their_vietnamese_names():
    text = speech.spoken_text("BCK7")

    assert text == "Mã xác nhận gồm các ký tự: bê. xê. ca. bảy. Nhắc lại: bê. xê. ca. bảy."


@needs_espeak
def test_the_captcha_offers_audio_where_espeak_is_installed(browser_client):
    body = browser_client.get("/api/ratings/captcha/").json()

    assert body["audio_url"] == f"/api/ratings/captcha/{body['key']}/audio.wav"


@needs_espeak
def test_the_audio_is_a_wav_file_of_the_code(browser_client):
    key, _, _ = new_captcha(browser_client)

    response = browser_client.get(f"/api/ratings/captcha/{key}/audio.wav")

    wav = response.content
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    assert int.from_bytes(wav[4:8], "little") == len(wav) - 8
    assert len(wav) > 20_000  # several seconds of speech
    assert "no-store" in response["Cache-Control"]


@needs_espeak
def test_the_audio_of_a_used_captcha_is_gone(browser_client):
    key, _, _ = new_captcha(browser_client)
    CaptchaStore.objects.filter(hashkey=key).delete()

    assert browser_client.get(f"/api/ratings/captcha/{key}/audio.wav").status_code == 410


def test_without_a_speech_engine_there_is_no_audio(settings, browser_client):
    settings.RATINGS_ESPEAK_PATH = "none"

    body = browser_client.get("/api/ratings/captcha/").json()

    assert body["audio_url"] is None
    assert browser_client.get(f"/api/ratings/captcha/{body['key']}/audio.wav").status_code == 404


def test_the_portal_challenge_uses_letters_with_vietnamese_names(settings):
    from ratings.captcha import CHALLENGE_LETTERS, challenge

    text, answer = challenge()

    assert len(text) == 5
    assert set(text) <= set(CHALLENGE_LETTERS)
    assert answer == text.lower()
    assert not set("FJWZILO") & set(CHALLENGE_LETTERS)
    assert set(CHALLENGE_LETTERS) <= set(speech.LETTERS)
