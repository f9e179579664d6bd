"""Web renditions of an image: WebP with a JPEG fallback at several widths,
stored once on save and described in a small JSON for `srcset`/`sizes`.

A description looks like {"width": 1200, "height": 675, "webp": [[name, 480],
...], "jpeg": [[name, 480], ...]}: storage names (private until published,
images.storage), widths in CSS pixels of the file, smallest first. The
largest JPEG doubles as the plain `src` for old browsers, feeds, Open Graph
and JSON-LD.
"""

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageOps

from .encoding import encode, flatten, random_name
from .storage import media_url, private_storage

# name: (widths, aspect ratio to crop to or None to keep the image's own)
LEAD_RENDITIONS = {
    "thumb": ((320, 480, 800), (16, 9)),
    "large": ((480, 800, 1200), None),
}
BODY_RENDITIONS = {"body": ((480, 800, 1200), None)}
FORMATS = (
    ("webp", "WEBP", "webp", {"quality": 80, "method": 4}),
    ("jpeg", "JPEG", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
)


# Longest side of any rendition, in pixels. WebP cannot encode more than 16383
# pixels a side, and no reader needs a 20,000-pixel-tall strip (a scanned
# document, a long infographic): such an image is scaled to fit this height.
MAX_SIDE = 4096


def _folder():
    return timezone.now().strftime("renditions/%Y/%m/")


def _sizes(image, widths, ratio):
    """The (width, height) in pixels of each rendition for `widths` (CSS
    pixels wanted) and `ratio` ((w, h) to crop to, or None): never wider than
    the image, never more than MAX_SIDE a side."""
    if ratio:
        rw, rh = ratio
        usable = min(image.width, image.height * rw // rh)
        return [(w, round(w * rh / rw)) for w in dict.fromkeys(min(w, usable) for w in widths)]
    # Never wider than the image, nor taller than MAX_SIDE.
    fitting = max(1, image.width * MAX_SIDE // image.height)
    out = []
    for width in dict.fromkeys(min(w, image.width, fitting) for w in widths):
        out.append((width, min(MAX_SIDE, max(1, round(image.height * width / image.width)))))
    return out


def make_renditions(image, spec):
    """Store the renditions of `image` (from ingest.load_web_image) for every
    name of `spec` and return {name: description} (see the module docstring).
    Transparency is laid on white first. Stored privately (images.storage)."""
    image = flatten(image)
    storage = private_storage()
    folder = _folder()
    result = {}
    for name, (widths, ratio) in spec.items():
        description: dict = {"webp": [], "jpeg": []}
        for width, height in _sizes(image, widths, ratio):
            if ratio:
                resized = ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)
            else:
                resized = image.resize((width, height), Image.Resampling.LANCZOS)
            for key, fmt, extension, options in FORMATS:
                content = ContentFile(encode(resized, fmt, **options))
                stored = storage.save(folder + random_name(extension), content)
                description[key].append([stored, width])
            description["width"], description["height"] = width, height
        result[name] = description
    return result


def srcset(description, key):
    """`srcset` attribute value of one format of a description."""
    return ", ".join(f"{media_url(name)} {width}w" for name, width in description[key])


def names(description):
    """Storage names of every file of a description."""
    return [name for key in ("webp", "jpeg") for name, _ in description.get(key, [])]


def fallback_name(description):
    """Storage name of the largest JPEG of a description."""
    return description["jpeg"][-1][0]
