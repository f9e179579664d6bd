"""The audio captcha, read in Vietnamese by espeak-ng."""

import itertools
import shutil
import subprocess

import pytest
from captcha.models import CaptchaStore
from django.test import Client

from ratings import speech
from ratings.captcha import CHALLENGE_LETTERS
from tests.ratings import sound
from tests.ratings.factories import new_captcha

pytestmark = pytest.mark.django_db

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (make test installs it)"
)


def test_the_letters_are_read_by_their_vietnamese_names_twice():
    assert speech.phrases("BCK") == [
        "Mã xác nhận gồm các ký tự",
        *["bê", "xê", "ca"],
        "Nhắc lại",
        *["bê", "xê", "ca"],
    ]


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
    assert len(sound.samples(wav)) > 8 * sound.RATE  # intro and the letters, twice, with gaps
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
    from ratings.captcha import challenge

    text, answer = challenge()

    assert len(text) == 5
    assert set(text) <= set(CHALLENGE_LETTERS)
    assert answer == text.lower()
    assert not set("FJWZILODGPV") & set(CHALLENGE_LETTERS)
    assert set(CHALLENGE_LETTERS) <= set(speech.LETTERS)


def _phonemes(text):
    """espeak-ng's phoneme transcription of `text` (what its voice says)."""
    result = subprocess.run(
        ["espeak-ng", "-v", "vi", "-q", "-x", text], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@pytest.mark.slow
@needs_espeak
def test_no_two_letters_of_the_captcha_sound_the_same():
    readings = {letter: sound.clean_reading(speech.LETTERS[letter]) for letter in CHALLENGE_LETTERS}
    # The measure hears a true pair: "dê" (D) and "giê" (G), both read /ze/.
    assert _phonemes("dê") == _phonemes("giê")
    assert sound.spectral_distance(sound.clean_reading("dê"), sound.clean_reading("giê")) < 0.1

    for first, second in itertools.combinations(CHALLENGE_LETTERS, 2):
        names = speech.LETTERS[first], speech.LETTERS[second]
        assert _phonemes(names[0]) != _phonemes(names[1]), (first, second)
        distance = sound.spectral_distance(readings[first], readings[second])
        assert distance > 0.25, (first, second, distance)


@needs_espeak
def test_two_renderings_of_one_captcha_differ(browser_client):
    key, _, _ = new_captcha(browser_client)
    url = f"/api/ratings/captcha/{key}/audio.wav"

    first = sound.samples(browser_client.get(url).content)
    second = sound.samples(browser_client.get(url).content)

    # A deterministic engine gives the same samples twice (peak 1.0).
    assert sound.correlation_peak(first, second) < 0.5


@needs_espeak
def test_a_script_resynthesising_the_answer_does_not_find_it_in_the_served_sound(browser_client):
    key, answer, _ = new_captcha(browser_client)
    served = sound.samples(browser_client.get(f"/api/ratings/captcha/{key}/audio.wav").content)
    # Wrong answers that differ in every letter (the next letters of the alphabet).
    wrongs = [
        "".join(
            CHALLENGE_LETTERS[(CHALLENGE_LETTERS.index(c) + n) % len(CHALLENGE_LETTERS)]
            for c in answer.upper()
        )
        for n in (1, 2, 3)
    ]
    right_clean = sound.clean_captcha(answer)

    # The attack that used to work: the clean synthesis of the right answer
    # was in the served sound sample for sample (peak 1.0). Now its peak is
    # at the level of chance matches (a wrong answer's peak is about 0.02 to
    # 0.07, and varies from one rendering to the next as the right one does).
    assert sound.correlation_peak(right_clean, right_clean) > 0.99
    assert sound.correlation_peak(served, right_clean) < 0.2
    # Compared as spectra over time (dynamic time warping), the served sound
    # is further from its own answer's clean synthesis than the clean
    # syntheses of different answers are from each other.
    between_answers = [
        sound.spectral_distance(right_clean, sound.clean_captcha(wrong)) for wrong in wrongs
    ]
    assert sound.spectral_distance(served, right_clean) > min(between_answers)


@needs_espeak
def test_the_audio_is_heard_at_most_the_listenings_setting_then_a_new_captcha_is_asked_for(
    settings, browser_client
):
    settings.RATINGS_CAPTCHA_LISTENINGS = 3
    key, _, _ = new_captcha(browser_client)
    url = f"/api/ratings/captcha/{key}/audio.wav"
    for _ in range(3):
        assert browser_client.get(url).status_code == 200

    refused = browser_client.get(url)

    assert refused.status_code == 429
    assert refused.json() == {
        "errors": {"captcha": ["Bạn đã nghe mã xác nhận này nhiều lần, vui lòng bấm Đổi mã khác"]}
    }
    # The image of the same captcha is still shown, and another captcha is heard.
    assert browser_client.get(f"/captcha/image/{key}/").status_code == 200
    other, _, _ = new_captcha(browser_client)
    assert browser_client.get(f"/api/ratings/captcha/{other}/audio.wav").status_code == 200


@needs_espeak
def test_a_rendering_reuses_the_clean_readings_and_is_still_new(monkeypatch):
    first = speech.synthesize("ABCEH")
    started = []
    real_popen = subprocess.Popen

    def counting_popen(*args, **kwargs):
        started.append(args)
        return real_popen(*args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting_popen)
    for variant in speech.VARIANTS:  # every reading of these letters, made once
        for speed in speech.SPEEDS_WPM:
            voice = f"vi+{variant}" if variant else "vi"
            requests = [(text, voice, speed, 50) for text in speech.phrases("ABCEH")]
            speech._prepared_readings(requests)
    started.clear()

    again = speech.synthesize("ABCEH")

    assert started == []  # no espeak-ng process for readings it already made
    assert again != first
    assert sound.correlation_peak(sound.samples(first), sound.samples(again)) < 0.5


@needs_espeak
def test_a_network_listening_without_pause_is_told_to_wait(settings, browser_client):
    settings.RATINGS_MAX_LISTENINGS_PER_NETWORK_PER_MINUTE = 4
    keys = [new_captcha(browser_client)[0] for _ in range(3)]
    heard = [
        browser_client.get(f"/api/ratings/captcha/{key}/audio.wav").status_code
        for key in keys
        for _ in range(2)
    ]

    assert heard.count(200) == 4
    assert heard[4:] == [429, 429]
    refused = browser_client.get(f"/api/ratings/captcha/{keys[2]}/audio.wav")
    assert 0 < int(refused["Retry-After"]) <= 60
    # Another network still listens.
    other = Client(headers={"user-agent": "Mozilla/5.0 (pytest)"}, REMOTE_ADDR="198.51.100.9")
    key = other.get("/api/ratings/captcha/").json()["key"]
    assert other.get(f"/api/ratings/captcha/{key}/audio.wav").status_code == 200
