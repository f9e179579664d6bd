"""The audio captcha, read in Vietnamese by espeak-ng."""

import itertools
import shutil
import subprocess

import pytest
from captcha.models import CaptchaStore

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
        "".join(CHALLENGE_LETTERS[(CHALLENGE_LETTERS.index(c) + n) % 15] for c in answer.upper())
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
