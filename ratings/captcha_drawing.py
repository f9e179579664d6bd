"""The captcha's picture, drawn at any scale with every letter whole.

django-simple-captcha's own drawing (0.7) enlarges the font for its `@2`
image but keeps CAPTCHA_IMAGE_SIZE, so a high-density screen got the letters
cut off; its fixed random seed is also global to the process, which threads
share. Here the layout is drawn from a generator seeded with the key alone:
the 1x and 2x images of one captcha show the same picture, the 2x one at
twice the size, and every letter (rotated, shifted, overlapping its
neighbour a little) stays inside the frame, MARGIN pixels (at 1x) from the
edge; the noise lines and dots stay inside too.
"""

import io
import random

from captcha.conf import settings as captcha_settings
from PIL import Image, ImageDraw, ImageFilter, ImageFont

MARGIN = 3  # pixels at 1x: nothing is drawn closer to the edge
ROTATION = (-25, 25)  # degrees
DOTS_PER_PIXEL = 0.06


def size(scale=1):
    """(width, height) in pixels of the image at `scale`."""
    width, height = captcha_settings.CAPTCHA_IMAGE_SIZE or (160, 50)
    return width * scale, height * scale


def _letter(char, font, rng):
    """The letter as a rotated, tightly cropped mask."""
    _, _, right, bottom = font.getbbox(char)
    pad = font.size // 4
    mask = Image.new("L", (right + 2 * pad, bottom + 2 * pad), 0)
    ImageDraw.Draw(mask).text((pad, pad), char, font=font, fill=255)
    mask = mask.rotate(rng.uniform(*ROTATION), resample=Image.Resampling.BICUBIC, expand=True)
    return mask.crop(mask.getbbox())


def _fit(mask, height):
    """The mask, shrunk to `height` pixels if it is taller."""
    if mask.height <= height:
        return mask
    width = max(1, round(mask.width * height / mask.height))
    return mask.resize((width, height), Image.Resampling.LANCZOS)


def _layout(text, rng):
    """The letters as masks drawn at 2x, with their places (x, y) in 2x pixels."""
    width, height = size(2)
    margin = MARGIN * 2
    font = ImageFont.truetype(
        captcha_settings.CAPTCHA_FONT_PATH, captcha_settings.CAPTCHA_FONT_SIZE * 2
    )
    masks = [_fit(_letter(char, font, rng), height - 2 * margin) for char in text]
    inner = width - 2 * margin
    natural = sum(mask.width for mask in masks)
    overlap = 0.0
    if natural > inner and len(masks) > 1:
        # Overlap the letters just enough to fit (a letter is never cut).
        overlap = min((natural - inner) / (len(masks) - 1), min(m.width for m in masks) / 3)
    used = natural - overlap * (len(masks) - 1)
    if used > inner:  # still too wide: shrink every letter alike
        factor = inner / used
        masks = [
            mask.resize((max(1, int(mask.width * factor)), max(1, int(mask.height * factor))))
            for mask in masks
        ]
        overlap *= factor
        used = inner
    x = margin + rng.uniform(0, inner - used)
    places = []
    for mask in masks:
        y = margin + rng.uniform(0, height - 2 * margin - mask.height)
        places.append((min(x, width - margin - mask.width), y))
        x += mask.width - overlap
    return masks, places


def draw(text, key, scale=1):
    """PNG bytes of `text` as the captcha of `key`, at `scale` (1 or 2).

    The layout is made once at 2x from a generator seeded with the key, and
    the 1x image is drawn from it halved: both scales show one picture."""
    rng = random.Random(key)
    masks, places = _layout(text, rng)
    width, height = size(scale)
    image = Image.new("RGB", (width, height), captcha_settings.CAPTCHA_BACKGROUND_COLOR)
    ink = Image.new("RGB", (width, height), captcha_settings.CAPTCHA_FOREGROUND_COLOR)
    for mask, (x, y) in zip(masks, places, strict=True):
        if scale != 2:
            target = (max(1, round(mask.width * scale / 2)), max(1, round(mask.height * scale / 2)))
            mask = mask.resize(target, Image.Resampling.LANCZOS)
        layer = Image.new("L", (width, height), 0)
        layer.paste(mask, (int(x * scale / 2), int(y * scale / 2)))
        image = Image.composite(ink, image, layer)
    _noise(image, rng, scale, MARGIN * scale)
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _noise(image, rng, scale, margin):
    """An arc, a line and dots across the letters, inside the margin."""
    width, height = image.size
    pen = ImageDraw.Draw(image)
    colour = captcha_settings.CAPTCHA_FOREGROUND_COLOR
    low, high = margin, height - margin - 1
    left, right = margin, width - margin - 1
    pen.line(
        [(left, rng.uniform(low, high)), (right, rng.uniform(low, high))], fill=colour, width=scale
    )
    top = rng.uniform(low, height / 2)
    pen.arc([left, top, right, high], rng.uniform(180, 220), rng.uniform(320, 360), colour, scale)
    for _ in range(int(width * height * DOTS_PER_PIXEL / scale**2)):
        # Floats, not randint(): randint draws a number of bits that depends
        # on the range, and the two scales must draw the same sequence.
        x = int(left + rng.random() * (right - left - scale + 1))
        y = int(low + rng.random() * (high - low - scale + 1))
        pen.rectangle([x, y, x + scale - 1, y + scale - 1], fill=colour)
