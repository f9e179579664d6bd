"""The captcha's picture: letters a person reads and a program cannot cut apart.

Every drawing choice (font, size, slant, place of each letter, the warp of
the baseline, the clutter) comes from a generator seeded with a keyed hash
of the captcha's key and letters (SECRET_KEY through salted_hmac): the key is
public, the drawing is not a function of it, and every showing of one
captcha (a reload, the 1x and 2x images) is the same picture.

What resists a program: neighbouring letters touch and overlap (no gap to
split at), each in its own font from ratings/fonts/ (no single template per
letter), on a wavy baseline with the whole picture warped (no straight row to
cut along). About half the letters are tinted: a light grey fill inside a
thin dark outline. A person sees a paler letter; a clean-up that takes the
dark pixels for ink and opens thin strokes away keeps neither fill nor
outline, so it loses the letter and the place of the cuts around it. Pale
grey blotches, a shade lighter than the tints, lie behind the letters: a
threshold picked per image (Otsu's) or light enough to keep every tint takes
blotches for ink too, joined to the letters in shapes no template matches.
No stroke crosses the
letters (people misread letters crossed by one); short dashes lie around
them. The picture is drawn at 2x and halved for 1x, so both scales show the
same letters.
"""

import io
import math
import random
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from captcha.conf import settings as captcha_settings
from django.utils.crypto import salted_hmac
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONTS = tuple(sorted(FONTS_DIR.glob("*.ttf")))
MARGIN = 3  # pixels at 1x: no ink closer to the edge
ROTATION = (-15, 15)  # degrees, per letter
LETTER_HEIGHT = (0.54, 0.64)  # of the picture's height: the capital's height
WIDTH_FACTOR = (0.9, 1.15)  # a letter squeezed or stretched
ADVANCE = (0.84, 0.95)  # of a letter's width: neighbours overlap by the rest
WARP_PIXELS = (4.0, 7.0)  # at 2x: how far the baseline waves up and down
RIPPLE_PIXELS = (0.6, 1.2)  # at 2x: each of four ripples about a letter wide
TINTED = 0.5  # the share of letters drawn tinted
OUTLINE = 5  # pixels at 2x: twice a tinted letter's outline width, plus one
TINT = (80, 105)  # ink level (of 255) inside a tinted letter's outline
BLOTCHES = (4, 6)  # how many pale blotches behind the letters
BLOTCH_TINT = (40, 125)  # their ink level: spans the tints and darker, no grey splits them
DASHES = (4, 7)  # how many short dashes around the letters
INK = (20, 30, 60)
PAPER = (250, 250, 245)


def size(scale=1):
    """(width, height) in pixels of the image at `scale`."""
    width, height = captcha_settings.CAPTCHA_IMAGE_SIZE or (160, 50)
    return width * scale, height * scale


def drawing_random(key, text):
    """The generator every drawing choice of the captcha (`key`, `text`)
    comes from: seeded with a keyed hash, so no one without SECRET_KEY can
    redraw it, and every showing of the captcha is the same picture."""
    digest = salted_hmac("ratings.captcha_drawing", f"{key}:{text}", algorithm="sha256")
    return random.Random(int.from_bytes(digest.digest(), "big"))


def draw(text, key, scale=1):
    """PNG bytes of `text` as the captcha of `key`, at `scale` (1 or 2).

    Drawn at 2x and halved for 1x: both scales show the same picture."""
    image = picture(text, drawing_random(key, text))
    if scale != 2:
        image = image.resize(size(scale), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def picture(text, rng):
    """The 2x picture (a PIL RGB image) of `text`, every choice from `rng`."""
    width, height = size(2)
    ink = np.zeros((height, width))
    _letters(ink, text, rng)
    ink = _warped(ink, rng)
    ink = np.maximum(ink, _blotches(ink.shape, rng))
    mask = Image.fromarray(np.clip(ink, 0, 255).astype(np.uint8), "L")
    _dashes(mask, rng)
    mask = mask.filter(ImageFilter.GaussianBlur(0.6))
    margin = MARGIN * 2
    frame = Image.new("L", (width, height), 0)
    frame.paste(255, (margin, margin, width - margin, height - margin))
    mask = Image.fromarray(np.minimum(np.asarray(mask), np.asarray(frame)))
    paper = _paper(width, height, rng)
    return Image.composite(Image.new("RGB", (width, height), INK), paper, mask)


def _glyph(char, rng, cap_height):
    """One letter as a grey mask: its own font, size, width and slant."""
    path = rng.choice(FONTS)
    font = _font(path, max(8, round(cap_height / _cap_height_per_point(path))))
    left, top, right, bottom = font.getbbox(char)
    pad = font.size // 3
    mask = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 0)
    ImageDraw.Draw(mask).text((pad - left, pad - top), char, font=font, fill=255)
    stretch = rng.uniform(*WIDTH_FACTOR)
    mask = mask.resize((max(1, round(mask.width * stretch)), mask.height), Image.Resampling.BICUBIC)
    if rng.random() < TINTED:
        inside = mask.filter(ImageFilter.MinFilter(OUTLINE))
        tint = rng.randint(*TINT)
        fill = inside.point(lambda level: level * tint // 255)
        mask = ImageChops.add(ImageChops.subtract(mask, inside), fill)
    mask = mask.rotate(rng.uniform(*ROTATION), resample=Image.Resampling.BICUBIC, expand=True)
    return mask.crop(mask.getbbox())


def _fit(mask, height):
    """The mask, shrunk to `height` pixels if it is taller."""
    if mask.height <= height:
        return mask
    width = max(1, round(mask.width * height / mask.height))
    return mask.resize((width, height), Image.Resampling.LANCZOS)


@cache
def _cap_height_per_point(path):
    """The height of the font's capital H per point of its size."""
    _, top, _, bottom = _font(path, 100).getbbox("H")
    return (bottom - top) / 100


@lru_cache(maxsize=256)
def _font(path, points):
    return ImageFont.truetype(str(path), points)


def _letters(ink, text, rng):
    """Paint the letters into `ink` (a 2x float array), overlapping their
    neighbours, on a baseline that waves, the row centred with jitter."""
    height, width = ink.shape
    margin = MARGIN * 2 + 4
    glyphs = [
        _fit(_glyph(char, rng, height * rng.uniform(*LETTER_HEIGHT)), height - 2 * margin)
        for char in text
    ]
    advances = [glyph.width * rng.uniform(*ADVANCE) for glyph in glyphs[:-1]]
    used = sum(advances) + glyphs[-1].width
    if used > width - 2 * margin:  # too wide: shrink every letter alike
        factor = (width - 2 * margin) / used
        glyphs = [
            g.resize((max(1, int(g.width * factor)), max(1, int(g.height * factor))))
            for g in glyphs
        ]
        advances = [a * factor for a in advances]
        used = width - 2 * margin
    x = margin + rng.uniform(0, width - 2 * margin - used)
    phase, wavelength = rng.uniform(0, 2 * math.pi), rng.uniform(0.6, 1.2) * width
    amplitude = rng.uniform(0.04, 0.1) * height
    for glyph, advance in zip(glyphs, [*advances, 0], strict=True):
        centre = height / 2 + amplitude * math.sin(2 * math.pi * x / wavelength + phase)
        y = centre - glyph.height / 2 + rng.uniform(-2, 2)
        y = min(max(y, margin), height - margin - glyph.height)
        left, top = int(x), int(y)
        right, bottom = min(width, left + glyph.width), min(height, top + glyph.height)
        part = np.asarray(glyph, dtype=float)[: bottom - top, : right - left]
        ink[top:bottom, left:right] = np.maximum(ink[top:bottom, left:right], part)
        x += advance


def _warped(ink, rng):
    """`ink` resampled through two sine waves (columns move up and down,
    rows left and right, so no straight line runs between the letters) and
    ripples about a letter wide in random directions (each letter bends its
    own way)."""
    height, width = ink.shape
    ys, xs = np.mgrid[0:height, 0:width].astype(float)
    amplitude = rng.uniform(*WARP_PIXELS)
    period = rng.uniform(0.35, 0.6) * width
    dy = amplitude * np.sin(2 * math.pi * xs / period + rng.uniform(0, 2 * math.pi))
    dx = rng.uniform(1.5, 3.0) * np.sin(2 * math.pi * ys / rng.uniform(70, 110) + rng.uniform(0, 6))
    for field in (dx, dy, dx, dy):
        angle, length = rng.uniform(0, 2 * math.pi), rng.uniform(60, 100)
        along = xs * math.cos(angle) + ys * math.sin(angle)
        strength = rng.uniform(*RIPPLE_PIXELS)
        field += strength * np.sin(2 * math.pi * along / length + rng.uniform(0, 7))
    sx, sy = np.clip(xs + dx, 0, width - 1.001), np.clip(ys + dy, 0, height - 1.001)
    x0, y0 = sx.astype(int), sy.astype(int)
    fx, fy = sx - x0, sy - y0
    top = ink[y0, x0] * (1 - fx) + ink[y0, x0 + 1] * fx
    bottom = ink[y0 + 1, x0] * (1 - fx) + ink[y0 + 1, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy


def _dashes(mask, rng):
    """Short dashes anywhere (most around the letters, some touching them)."""
    width, height = mask.size
    pen = ImageDraw.Draw(mask)
    for _ in range(rng.randint(*DASHES)):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        angle, length = rng.uniform(0, math.pi), rng.uniform(6, 16)
        end = (x + length * math.cos(angle), y + length * math.sin(angle))
        pen.line([(x, y), end], fill=255, width=rng.randint(2, 4))


def _blotches(shape, rng):
    """Pale soft ellipses (ink levels of a 2x array), each about a letter
    wide, anywhere in the picture."""
    height, width = shape
    out = np.zeros(shape)
    ys, xs = np.mgrid[0:height, 0:width].astype(float)
    for _ in range(rng.randint(*BLOTCHES)):
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        rx, ry = rng.uniform(0.08, 0.2) * width, rng.uniform(0.3, 0.6) * height
        angle = rng.uniform(0, math.pi)
        u = ((xs - cx) * math.cos(angle) + (ys - cy) * math.sin(angle)) / rx
        v = (-(xs - cx) * math.sin(angle) + (ys - cy) * math.cos(angle)) / ry
        inside = np.clip((1 - (u * u + v * v)) * 4, 0, 1)
        out = np.maximum(out, inside * rng.randint(*BLOTCH_TINT))
    return out


def _paper(width, height, rng):
    """The light background: a faint wash and grain, never dark enough to
    be taken for ink."""
    generator = np.random.default_rng(rng.getrandbits(64))
    base = np.array(PAPER, dtype=float)
    wash = np.linspace(0, rng.uniform(-15, 5), width)[None, :, None]
    grain = generator.normal(0, 6, (height, width, 1))
    tint = np.array([rng.uniform(-10, 5), rng.uniform(-10, 5), rng.uniform(-10, 5)])
    paper = np.clip(base + wash + grain + tint, 200, 255).astype(np.uint8)
    return Image.fromarray(paper, "RGB")
