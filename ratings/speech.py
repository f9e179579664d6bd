"""The audio captcha, read in Vietnamese by espeak-ng, never twice alike.

django-simple-captcha's own audio reads English with flite. Here each
character is given its Vietnamese name ("bê", "xê", "ca"...) and espeak-ng's
Vietnamese voice (RATINGS_ESPEAK_VOICE, default `vi`) reads it.

A speech engine is deterministic: read one way, the code could be recovered by
a script that synthesises every candidate answer with the same engine and
compares the sounds. So every rendering is drawn afresh (ratings/audio_mix.py):
each phrase and each letter in its own voice variant and speed, at its own
place between random gaps, slightly resampled, over noise and reversed,
quiet speech ("babble"). Speech stays well above the noise (at least
MIN_SPEECH_TO_NOISE_DB), the letters are read slowly, twice, so a person
still hears them clearly.

Without espeak-ng (RATINGS_ESPEAK_PATH empty and none on PATH, or "none")
there is no audio captcha and the API says so with `"audio_url": null`.
"""

import logging
import secrets
import shutil
import subprocess
import threading
from collections import OrderedDict

import numpy as np
from django.conf import settings

from . import audio_mix

logger = logging.getLogger(__name__)

# Vietnamese names of the characters a challenge may hold (ratings.captcha's
# CHALLENGE_LETTERS): each sounds unlike every other in espeak-ng's voice
# (tests/ratings/test_speech.py checks it). D ("dê") and G ("giê") are both
# read /ze/ and are left out; P and V ("pê", "vê") differ from "bê" and "tê"
# by one consonant, easily lost in noise.
LETTERS = {
    "A": "a",
    "B": "bê",
    "C": "xê",
    "E": "e",
    "H": "hát",
    "K": "ca",
    "M": "em mờ",
    "N": "en nờ",
    "Q": "quy",
    "R": "e rờ",
    "S": "ét xì",
    "T": "tê",
    "U": "u",
    "X": "ích xì",
    "Y": "i dài",
}
INTRO = "Mã xác nhận gồm các ký tự"
REPEAT = "Nhắc lại"
# espeak-ng voice variants that stay natural in Vietnamese (no whisper, croak...).
VARIANTS = ("", "m1", "m2", "m3", "m4", "m7", "f1", "f2", "f3", "f4")
SPEEDS_WPM = (120, 140)  # slow: letters are heard one by one
# Clean readings kept per process (by phrase, voice variant and speed: at
# most len(LETTERS) + 2 phrases x len(VARIANTS) x len(SPEEDS_WPM), about
# 5 MB), so a rendering costs espeak-ng only for readings not yet made.
READINGS_KEPT = 512


def executable():
    configured = settings.RATINGS_ESPEAK_PATH.strip()
    if configured.lower() == "none":
        return None
    return shutil.which(configured or "espeak-ng")


def available():
    return executable() is not None


def phrases(challenge):
    """What the voice says, phrase by phrase: the introduction, the letters
    one by one, "Nhắc lại", and the letters again."""
    names = [LETTERS[c] for c in challenge.upper() if c in LETTERS]
    return [INTRO, *names, REPEAT, *names]


def _command(program, text, voice, speed, pitch):
    voice = voice or settings.RATINGS_ESPEAK_VOICE
    return [program, "-v", voice, "-s", str(speed), "-p", str(pitch), "--stdout", text]


def espeak(text, *, voice=None, speed=130, pitch=50):
    """One clean reading of `text`: (int16 samples, sample rate in Hz).

    `voice` defaults to RATINGS_ESPEAK_VOICE; speed in words per minute, pitch
    on espeak-ng's 0-99 scale. Raises SpeechError when espeak-ng fails."""
    return _read_all([(text, voice, speed, pitch)])[0]


def _read_all(requests):
    """Readings of (text, voice, speed, pitch) requests, synthesised by
    espeak-ng processes running side by side. Raises SpeechError."""
    program = executable()
    if program is None:
        raise SpeechError("espeak-ng is not installed")
    try:
        # A fixed program and arguments; the texts are built from LETTERS only.
        processes = [
            subprocess.Popen(  # noqa: S603
                _command(program, *request), stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for request in requests
        ]
    except OSError as exc:
        raise SpeechError(str(exc)) from exc
    outputs = []
    try:
        for process in processes:
            stdout, stderr = process.communicate(timeout=20)
            if process.returncode != 0 or not stdout.startswith(b"RIFF"):
                raise SpeechError(stderr[:500].decode(errors="replace"))
            outputs.append(audio_mix.samples_of_wav(stdout))
    except subprocess.TimeoutExpired as exc:
        raise SpeechError("espeak-ng timed out") from exc
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    return outputs


class SpeechError(Exception):
    """espeak-ng is missing, failed or gave no WAV."""


def synthesize(challenge):
    """WAV bytes reading the challenge, drawn afresh on every call (see the
    module's docstring), or None if espeak-ng fails or is absent.

    Each phrase is read in a voice variant and at a speed drawn at random;
    the clean readings of those choices are kept (READINGS_KEPT), the mix of
    them (gaps, resampling, noise, babble) is new every time."""
    if not available():
        return None
    rng = secrets.SystemRandom()
    base = settings.RATINGS_ESPEAK_VOICE
    requests = []
    for text in phrases(challenge):
        variant = rng.choice(VARIANTS)
        voice = f"{base}+{variant}" if variant else base
        requests.append((text, voice, rng.choice(SPEEDS_WPM), 50))
    try:
        segments, rate = _prepared_readings(requests)
    except SpeechError:
        logger.exception("espeak-ng failed")
        return None
    return audio_mix.render(segments, rate, rng)


# (text, voice, speed, pitch) -> (prepared samples, their sample rate in Hz)
_kept: OrderedDict[tuple[str, str, int, int], tuple[np.ndarray, int]] = OrderedDict()
_kept_lock = threading.Lock()


def _prepared_readings(requests):
    """([prepared readings of `requests`], their sample rate in Hz): the
    kept ones reused, the others synthesised side by side and kept, the
    least recently used dropped past READINGS_KEPT. Raises SpeechError."""
    with _kept_lock:
        found = {request: _kept[request] for request in requests if request in _kept}
        for request in found:
            _kept.move_to_end(request)
    missing = list(dict.fromkeys(r for r in requests if r not in found))
    for request, (samples, rate) in zip(missing, _read_all(missing), strict=True):
        segment = audio_mix.prepared(samples)
        segment.flags.writeable = False
        found[request] = (segment, rate // 2)
    with _kept_lock:
        for request in missing:
            _kept[request] = found[request]
        while len(_kept) > READINGS_KEPT:
            _kept.popitem(last=False)
    return [found[request][0] for request in requests], found[requests[0]][1]
