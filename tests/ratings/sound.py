"""What a script can measure in a sound: the tools of the audio captcha's
tests, playing the attacker (numpy only)."""

import itertools

import numpy as np

from ratings import audio_mix, speech

RATE = 11025  # the captcha's sample rate; clean readings are brought to it


def clean_reading(text):
    """espeak-ng's reading of `text` with the default voice and settings, at RATE."""
    samples, rate = speech.espeak(text)
    samples = samples.astype(np.float64) / 32768.0
    if rate == 2 * RATE:
        samples = samples[: len(samples) // 2 * 2].reshape(-1, 2).mean(1)
    return samples


def clean_captcha(challenge):
    """The captcha read the way a deterministic engine would: every phrase in
    the default voice, one after the other with fixed gaps."""
    gap = np.zeros(RATE // 2)
    parts = []
    for text in speech.phrases(challenge):
        parts += [clean_reading(text), gap]
    return np.concatenate(parts)


def samples(wav):
    values, _ = audio_mix.samples_of_wav(wav)
    return values.astype(np.float64) / 32768.0


def correlation_peak(sound, template):
    """The highest normalised cross-correlation of `template` slid along
    `sound` (1.0: the template is in the sound, sample for sample)."""
    size = 1 << (len(sound) + len(template)).bit_length()
    product = np.fft.irfft(np.fft.rfft(sound, size) * np.conj(np.fft.rfft(template, size)), size)
    norm = np.sqrt(np.sum(sound**2) * np.sum(template**2)) or 1
    return float(np.max(np.abs(product)) / norm)


def features(sound, frame=256, hop=220):
    """Log energies in 20 bands per 20 ms frame, silent frames dropped, each
    band's mean removed (loudness and channel do not count)."""
    sound = sound / (np.abs(sound).max() or 1)
    windows = np.lib.stride_tricks.sliding_window_view(sound, frame)[::hop] * np.hanning(frame)
    spectrum = np.abs(np.fft.rfft(windows, axis=1))
    edges = np.unique(np.geomspace(2, spectrum.shape[1], 21).astype(int))
    bands = np.stack([spectrum[:, lo:hi].sum(1) for lo, hi in itertools.pairwise(edges)], 1)
    logs = np.log(bands + 1e-3)
    loudness = logs.max(1)
    logs = logs[loudness > loudness.max() - 6]
    return logs - logs.mean(0)


def spectral_distance(a, b):
    """Dynamic time warping distance between the features of two sounds,
    per step of the path: 0 for the same sound, whatever its timing. The
    cumulative cost is filled one anti-diagonal at a time (each cell needs
    only the two diagonals before it), so numpy does the inner loop."""
    x, y = features(a), features(b)
    squared = (x**2).sum(1)[:, None] + (y**2).sum(1)[None, :] - 2 * x @ y.T
    cost = np.sqrt(np.maximum(squared, 0))
    n, m = cost.shape
    total = np.full((n + 1, m + 1), np.inf)
    total[0, 0] = 0.0
    for k in range(2, n + m + 1):
        i = np.arange(max(1, k - m), min(n, k - 1) + 1)
        j = k - i
        best = np.minimum(np.minimum(total[i - 1, j], total[i, j - 1]), total[i - 1, j - 1])
        total[i, j] = cost[i - 1, j - 1] + best
    return float(total[n, m] / (n + m))
