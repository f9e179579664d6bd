"""Assembles the audio captcha from clean readings (ratings/speech.py): random
gaps, gain and resampling per phrase, then noise and babble under the speech.

Levels: speech is kept MIN_SPEECH_TO_NOISE_DB to MAX_SPEECH_TO_NOISE_DB above
the noise (root mean square over the spoken parts), about what a phone call
in a busy street sounds like, and the babble (reversed snatches of the
introduction, speech-like for a machine but no letter for a listener) another
BABBLE_BELOW_SPEECH_DB below the speech.
"""

import io
import struct
import wave

import numpy as np

MIN_SPEECH_TO_NOISE_DB = 12.0
MAX_SPEECH_TO_NOISE_DB = 16.0
BABBLE_BELOW_SPEECH_DB = 18.0
STRETCH = (0.92, 1.08)  # resampling factor: tempo and pitch together
GAIN = (0.7, 1.0)
LEAD_SECONDS = (0.3, 0.8)
GAP_SECONDS = (0.45, 0.9)  # between letters
PHRASE_GAP_SECONDS = (0.7, 1.1)  # after "Mã xác nhận..." and "Nhắc lại"


def samples_of_wav(data):
    """(int16 samples, sample rate in Hz) of a mono 16-bit PCM WAV, including
    espeak-ng's piped output, whose RIFF and data sizes are left at their
    maximum (so the data runs to the end of the bytes)."""
    fmt = data.find(b"fmt ", 12)
    rate = struct.unpack_from("<I", data, fmt + 12)[0]
    start = data.find(b"data", 12) + 8
    end = len(data) - (len(data) - start) % 2
    return np.frombuffer(data[start:end], dtype="<i2").copy(), rate


def wav_of_samples(samples, rate):
    """Mono 16-bit PCM WAV bytes of int16 `samples` at `rate` Hz."""
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.astype("<i2").tobytes())
    return out.getvalue()


def _trimmed(samples, threshold=0.02):
    """The reading without the silence espeak-ng puts before and after it."""
    loud = np.flatnonzero(np.abs(samples) > threshold * (np.abs(samples).max() or 1))
    return samples[loud[0] : loud[-1] + 1] if loud.size else samples


def _stretched(samples, factor):
    positions = np.arange(0, len(samples) - 1, factor)
    return np.interp(positions, np.arange(len(samples)), samples)


def _silence(rate, seconds_range, rng):
    return np.zeros(int(rate * rng.uniform(*seconds_range)))


def _pink_noise(length, rng):
    """Noise whose power falls about as 1/f, like wind or traffic, unit RMS:
    white noise held over 1, 2, 4... samples, summed (Voss-McCartney)."""
    generator = np.random.default_rng(rng.getrandbits(64))
    noise = np.zeros(length)
    for octave in range(10):
        hold = 1 << octave
        noise += np.repeat(generator.standard_normal(length // hold + 1), hold)[:length]
    return noise / (np.sqrt(np.mean(noise**2)) or 1)


def _halved(samples):
    """Half the sample rate (pairs averaged): 11 kHz is more than a phone's
    band, and the file is half as big."""
    even = samples[: len(samples) // 2 * 2]
    return (even[0::2] + even[1::2]) / 2


def _babble(source, length, rate, rng):
    """Reversed snatches of `source` (the introduction) scattered over
    `length` samples, unit RMS where it sounds."""
    babble = np.zeros(length)
    for _ in range(max(1, length // rate)):
        size = min(len(source), int(rate * rng.uniform(0.2, 0.5)))
        start = rng.randrange(0, len(source) - size + 1)
        at = rng.randrange(0, length - size + 1)
        babble[at : at + size] += source[start : start + size][::-1]
    sounding = babble[babble != 0]
    return babble / (np.sqrt(np.mean(sounding**2)) if sounding.size else 1)


def prepared(reading):
    """A clean reading (int16 samples) made ready for render(): at half its
    sample rate, without the silence around it, as int16 (what
    ratings/speech.py keeps between renderings)."""
    segment = _trimmed(_halved(reading.astype(np.float64) / 32768.0))
    return np.round(segment * 32767).astype(np.int16)


def render(segments, rate, rng):
    """WAV bytes: `segments` (prepared() readings: the introduction first,
    then each letter, "Nhắc lại" and each letter again) placed one after
    another with random gaps, gain and resampling, over pink noise and
    babble, at the segments' sample `rate` (Hz). `rng` is a random.Random
    (secrets.SystemRandom in production); nothing else is random, so a test
    may pass a seeded one."""
    parts = [_silence(rate, LEAD_SECONDS, rng)]
    spoken = []
    letters = (len(segments) - 2) // 2
    for index, reading in enumerate(segments):
        segment = _stretched(reading.astype(np.float64) / 32768.0, rng.uniform(*STRETCH))
        segment *= rng.uniform(*GAIN) / (np.abs(segment).max() or 1)
        spoken.append(segment)
        parts.append(segment)
        is_phrase = index in (0, letters + 1)
        parts.append(_silence(rate, PHRASE_GAP_SECONDS if is_phrase else GAP_SECONDS, rng))
    speech = np.concatenate(parts)
    speech_rms = np.sqrt(np.mean(np.concatenate(spoken) ** 2))
    snr = rng.uniform(MIN_SPEECH_TO_NOISE_DB, MAX_SPEECH_TO_NOISE_DB)
    noise = _pink_noise(len(speech), rng) * speech_rms * 10 ** (-snr / 20)
    babble_rms = speech_rms * 10 ** (-BABBLE_BELOW_SPEECH_DB / 20)
    babble = _babble(spoken[0], len(speech), rate, rng) * babble_rms
    mixed = speech + noise + babble
    mixed *= 0.9 / (np.abs(mixed).max() or 1)
    return wav_of_samples(np.round(mixed * 32767).astype(np.int16), rate)
