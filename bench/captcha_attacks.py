"""Programs that try to read the captcha image, as an attacker would: the
tests gate their rates (tests/ratings/test_captcha_solvers.py) and `make bench`
reports a trained classifier's (bench/captcha_classifier.py).

- redraw_from_key: the drawing's code run with the public key as its seed
  (how every captcha was solved while the drawing was seeded with the key).
- tesseract: the OCR engine on the cleaned 2x image, one line of the letters.
- segmentation: the image cleaned (threshold, thin strokes and specks
  removed), cut into five letters at the emptiest columns, each letter
  matched against per-letter templates averaged from labelled captchas.
  The threshold is mid-grey, or chosen per image by Otsu's method (the
  attacker who sees that some letters are paler than others), or a light
  grey (one who takes everything but the paper for ink).

Every function takes PNG bytes as served and needs Django's settings (the
drawing reads SECRET_KEY and the captcha settings).
"""

import io
import itertools
import random
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from ratings import captcha, captcha_drawing

GLYPH = 20  # pixels: each cut-out letter is scaled to GLYPH x GLYPH
MID_GREY = 0.5  # the usual threshold: darker is ink
LIGHT_GREY = 0.8  # all but the paper
LENGTH = 5


def labelled(count, scale=1):
    """`count` new captchas as served: [(answer, key, PNG bytes)]."""
    made = []
    for _ in range(count):
        text, _ = captcha.challenge()
        key = secrets.token_hex(20)
        made.append((text, key, captcha_drawing.draw(text, key, scale)))
    return made


def grey(png):
    """The image as a float array, 0 (ink) to 1 (paper)."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float) / 255


def redraw_from_key(text, key, scale=1):
    """PNG of `text` drawn by the portal's code from the public key alone."""
    image = captcha_drawing.picture(text, random.Random(key))
    if scale != 2:
        image = image.resize(captcha_drawing.size(scale), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def tesseract(png):
    """What tesseract reads in the captcha (upper-case letters only)."""
    image = Image.fromarray((cleaned(png, scale=2) == 0).astype(np.uint8) * 255)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "captcha.png"
        image.save(path)
        result = subprocess.run(
            [
                shutil.which("tesseract") or "tesseract",
                str(path),
                "stdout",
                "--psm",
                "7",
                "-c",
                f"tessedit_char_whitelist={captcha.CHALLENGE_LETTERS}",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    return "".join(c for c in result.stdout.upper() if c in captcha.CHALLENGE_LETTERS)


def _opened(ink, size):
    """Morphological opening of a boolean image with a size x size square:
    strokes thinner than `size` go, thicker ones stay."""
    padded = np.pad(ink, size, constant_values=False)
    height, width = ink.shape

    def shifted(image, op):
        out = image.copy()
        for dy in range(size):
            for dx in range(size):
                out = op(out, np.roll(np.roll(image, -dy, 0), -dx, 1))
        return out

    eroded = shifted(padded, np.logical_and)
    opened = np.zeros_like(padded)
    for dy in range(size):
        for dx in range(size):
            opened |= np.roll(np.roll(eroded, dy, 0), dx, 1)
    return opened[size : size + height, size : size + width]


def _component_labels(ink):
    """A label per pixel of a boolean image, shared by the pixels of one
    connected part (8-neighbours): the smallest index in the part, spread
    until nothing changes. -1 off the ink."""
    height, width = ink.shape
    big = height * width
    labels = np.where(ink, np.arange(big).reshape(ink.shape), big)
    while True:
        padded = np.pad(labels, 1, constant_values=big)
        spread = labels.copy()
        for dy in (0, 1, 2):
            for dx in (0, 1, 2):
                spread = np.minimum(spread, padded[dy : dy + height, dx : dx + width])
        spread = np.where(ink, spread, big)
        if np.array_equal(spread, labels):
            return np.where(ink, labels, -1)
        labels = spread


def otsu(image):
    """The grey level (0-1) that splits `image` into two classes of least
    spread within each (Otsu's method, as OpenCV's THRESH_OTSU)."""
    counts, edges = np.histogram(image, bins=256, range=(0, 1))
    share = counts / counts.sum()
    levels = (edges[:-1] + edges[1:]) / 2
    below = np.cumsum(share)
    mean_below = np.cumsum(share * levels)
    between = (mean_below[-1] * below - mean_below) ** 2 / np.maximum(below * (1 - below), 1e-12)
    return float(levels[np.argmax(between)])


def cleaned(png, scale=1, threshold=MID_GREY):
    """A boolean image of the letters: pixels darker than `threshold` (a
    grey level, or "otsu" for one chosen per image), thin strokes opened
    away, specks (parts under a fortieth of the ink) dropped."""
    image = grey(png)
    ink = image < (otsu(image) if threshold == "otsu" else threshold)
    ink = _opened(ink, 2 * scale)
    labels = _component_labels(ink)
    parts, sizes = np.unique(labels[ink], return_counts=True)
    specks = parts[sizes < (ink.sum() or 1) / 40]
    return ink & ~np.isin(labels, specks)


def segments(png, threshold=MID_GREY):
    """The five letters cut out of a 1x captcha, each a GLYPH x GLYPH float
    array: cuts at the emptiest columns near the equal-width places."""
    ink = cleaned(png, threshold=threshold)
    columns = np.flatnonzero(ink.any(axis=0))
    if columns.size == 0:
        return [np.zeros((GLYPH, GLYPH)) for _ in range(LENGTH)]
    left, right = columns[0], columns[-1] + 1
    profile = ink.sum(axis=0)
    step = (right - left) / LENGTH
    cuts = [left]
    for index in range(1, LENGTH):
        centre = int(left + index * step)
        window = range(max(cuts[-1] + 1, centre - int(step / 3)), centre + int(step / 3) + 1)
        cuts.append(min(window, key=lambda column: (profile[column], abs(column - centre))))
    cuts.append(right)
    return [_glyph(ink[:, a:b]) for a, b in itertools.pairwise(cuts)]


def _glyph(part):
    rows = np.flatnonzero(part.any(axis=1))
    if rows.size == 0 or part.shape[1] == 0:
        return np.zeros((GLYPH, GLYPH))
    part = part[rows[0] : rows[-1] + 1]
    image = Image.fromarray(part.astype(np.uint8) * 255).resize((GLYPH, GLYPH), Image.BILINEAR)
    return np.asarray(image, dtype=float) / 255


class TemplateSolver:
    """Per-letter templates averaged over labelled captchas' segments; a
    captcha is read letter by letter, each the best-correlated template.
    `threshold` is the clean-up's (see cleaned)."""

    def __init__(self, training, threshold=MID_GREY):
        self.threshold = threshold
        sums = {letter: np.zeros((GLYPH, GLYPH)) for letter in captcha.CHALLENGE_LETTERS}
        counts = dict.fromkeys(sums, 0)
        for text, _, png in training:
            for letter, glyph in zip(text, segments(png, threshold), strict=True):
                sums[letter] += glyph
                counts[letter] += 1
        self.templates = {
            letter: _normalised(sums[letter] / max(1, counts[letter])) for letter in sums
        }

    def solve(self, png):
        return "".join(
            max(self.templates, key=lambda letter: float((self.templates[letter] * g).sum()))
            for g in (_normalised(glyph) for glyph in segments(png, self.threshold))
        )


def _normalised(glyph):
    centred = glyph - glyph.mean()
    return centred / (np.linalg.norm(centred) or 1)


def solved(solver, captchas):
    """How many of `captchas` ([(answer, key, png)]) `solver(png)` reads right."""
    return sum(solver(png) == text for text, _, png in captchas)
