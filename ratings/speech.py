"""The audio captcha, read in Vietnamese by espeak-ng.

django-simple-captcha's own audio reads English with flite. Here each
character is given its Vietnamese name ("bê", "xê", "ca"...) and espeak-ng's
Vietnamese voice (RATINGS_ESPEAK_VOICE, default `vi`) reads them to a WAV.
Without espeak-ng (RATINGS_ESPEAK_PATH empty and none on PATH, or "none")
there is no audio captcha and the API says so with `"audio_url": null`.
"""

import logging
import shutil
import struct
import subprocess

from .conf import conf

logger = logging.getLogger(__name__)

LETTERS = {
    "A": "a",
    "B": "bê",
    "C": "xê",
    "D": "dê",
    "E": "e",
    "F": "ép",
    "G": "giê",
    "H": "hát",
    "I": "i",
    "J": "gi",
    "K": "ca",
    "L": "e lờ",
    "M": "em mờ",
    "N": "en nờ",
    "O": "o",
    "P": "pê",
    "Q": "quy",
    "R": "e rờ",
    "S": "ét xì",
    "T": "tê",
    "U": "u",
    "V": "vê",
    "W": "vê kép",
    "X": "ích xì",
    "Y": "i dài",
    "Z": "dét",
    "0": "không",
    "1": "một",
    "2": "hai",
    "3": "ba",
    "4": "bốn",
    "5": "năm",
    "6": "sáu",
    "7": "bảy",
    "8": "tám",
    "9": "chín",
    "+": "cộng",
    "-": "trừ",
    "*": "nhân",
    "=": "bằng",
}


def executable():
    configured = conf.ESPEAK_PATH.strip()
    if configured.lower() == "none":
        return None
    return shutil.which(configured or "espeak-ng")


def available():
    return executable() is not None


def spoken_text(challenge):
    """What the voice says: the characters one by one, twice."""
    names = [LETTERS[c] for c in challenge.upper() if c in LETTERS]
    characters = ". ".join(names)
    return f"Mã xác nhận gồm các ký tự: {characters}. Nhắc lại: {characters}."


def synthesize(challenge):
    """WAV bytes reading the challenge, or None if espeak-ng fails or is absent."""
    program = executable()
    if program is None:
        return None
    command = [program, "-v", conf.ESPEAK_VOICE, "-s", "120", "-g", "12", "--stdout"]
    try:
        # A fixed program and arguments; the text is built from LETTERS only.
        result = subprocess.run(  # noqa: S603
            [*command, spoken_text(challenge)], capture_output=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        logger.exception("espeak-ng failed")
        return None
    if result.returncode != 0 or not result.stdout.startswith(b"RIFF"):
        logger.error("espeak-ng failed: %s", result.stderr[:500])
        return None
    return _fix_wav_sizes(result.stdout)


def _fix_wav_sizes(wav):
    """espeak-ng writing to a pipe leaves the RIFF and data sizes at their
    maximum; fill in the real ones so every player knows the length."""
    data = wav.find(b"data", 12)
    if data < 0:
        return wav
    wav = bytearray(wav)
    wav[4:8] = struct.pack("<I", len(wav) - 8)
    wav[data + 4 : data + 8] = struct.pack("<I", len(wav) - data - 8)
    return bytes(wav)
