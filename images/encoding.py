"""Encoding helpers shared by the clean original (ingest) and the renditions."""

import secrets
from io import BytesIO

from PIL import Image

_WHITE = (255, 255, 255)


def flatten(image):
    """RGB image with any transparency laid on white (JPEG has no alpha, and a
    transparent corner must not come out black)."""
    if image.mode != "RGBA":
        return image.convert("RGB")
    background = Image.new("RGB", image.size, _WHITE)
    background.paste(image, mask=image.getchannel("A"))
    return background


def random_name(extension):
    """An unguessable file name: the images of a draft or scheduled article
    cannot be found before it is published."""
    return f"{secrets.token_urlsafe(18)}.{extension}"


def encode(image, fmt, **options):
    """Bytes of `image` in `fmt` with no metadata: Pillow writes EXIF, XMP or
    ICC only when asked, and nothing is asked here."""
    buffer = BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()
