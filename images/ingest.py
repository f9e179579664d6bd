"""Uploaded images: validation, and the one way an upload becomes a web image.

Whatever a phone, camera or editing program writes and Pillow reads is taken:
JPEG (with the multi-picture MPO files many phones write), PNG in every mode,
WebP, GIF (first frame), TIFF, HEIC/HEIF (iPhones, through pillow-heif) and
AVIF (Pillow's own support). Every stored file is re-encoded from pixels, so
no EXIF/XMP/GPS block of the camera reaches a public file.
"""

from io import BytesIO
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from .encoding import encode, random_name
from .renditions import make_renditions
from .storage import open_stored, private_storage

register_heif_opener()

# Pillow format name -> what the editor is told.
ACCEPTED_FORMATS = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "WEBP": "WebP",
    "GIF": "GIF",
    "TIFF": "TIFF",
    "HEIF": "HEIC/HEIF",
    "AVIF": "AVIF",
}
ACCEPTED_LABEL = ", ".join(dict.fromkeys(ACCEPTED_FORMATS.values()))
INVALID_IMAGE_MESSAGE = (
    "Tệp tải lên không phải là ảnh hợp lệ hoặc đã bị hỏng. "
    f"Các định dạng được nhận: {ACCEPTED_LABEL}."
)
# Django's image form field checks the file first; it says the same.
IMAGE_FORM_ERRORS = {"invalid_image": INVALID_IMAGE_MESSAGE}
_SRGB = ImageCms.createProfile("sRGB")


def validate_image(file):
    """Refuse anything that is not a real, reasonably sized raster image in an
    accepted format. Raises ValidationError with a Vietnamese message naming
    the limit or the accepted formats. Limits: LEAD_IMAGE_MAX_BYTES (bytes)
    and LEAD_IMAGE_MAX_PIXELS (width x height)."""
    if file.size > settings.LEAD_IMAGE_MAX_BYTES:
        raise ValidationError(
            "Ảnh quá lớn (%(size)s): dung lượng tối đa là %(limit)s.",
            code="file_too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.LEAD_IMAGE_MAX_BYTES),
            },
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        # Image.open reads only the header, so the pixel count is known before
        # anything is decoded: a decompression bomb is refused here.
        with Image.open(file) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    "Định dạng ảnh không được hỗ trợ. Các định dạng được nhận: %(formats)s.",
                    code="bad_format",
                    params={"formats": ACCEPTED_LABEL},
                )
            width, height = image.size
            if width * height > settings.LEAD_IMAGE_MAX_PIXELS:
                raise ValidationError("Ảnh có kích thước điểm ảnh quá lớn.", code="too_many_pixels")
            image.load()  # decodes fully: a truncated file fails here
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(INVALID_IMAGE_MESSAGE, code="invalid_image") from None
    finally:
        file.seek(position)


def _to_srgb(image):
    """Convert an embedded colour profile to sRGB (RGB/RGBA/CMYK/L images)."""
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc))
        has_alpha = image.mode in ("RGBA", "LA", "PA")
        alpha = image.getchannel("A") if has_alpha else None
        base = image.convert("RGB") if image.mode in ("P", "PA", "LA", "RGBA") else image
        # Not in place: always the new image, never None.
        converted = cast(
            Image.Image, ImageCms.profileToProfile(base, source, _SRGB, outputMode="RGB")
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: the pixels as they are beat a refusal
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _to_8_bit(image):
    """16- and 32-bit greyscale scaled to 8 bits (a plain convert clips: white)."""
    if image.mode.startswith("I;16"):
        return image.convert("I").point(lambda v: v * (255 / 65535)).convert("L")
    if image.mode == "I":
        high = 65535 if image.getextrema()[1] > 255 else 255
        return image.point(lambda v: v * (255 / high)).convert("L")
    if image.mode == "F":
        return image.point(lambda v: v * 255).convert("L")
    return image


def load_web_image(file):
    """The picture an upload shows, ready for the web: first frame, EXIF
    rotation applied, colour profile converted to sRGB, 8 bits per channel,
    in RGB, or RGBA when the image has transparency. Raises what Pillow
    raises for an unreadable file (validate_image runs first in forms)."""
    file.seek(0)
    with Image.open(file) as source:
        source.seek(0)  # GIF, MPO, multi-image HEIF: the first picture
        image = ImageOps.exif_transpose(source)
        image.load()
        image.info = dict(source.info)
    file.seek(0)
    image = _to_8_bit(image)
    if "transparency" in image.info and image.mode in ("P", "1", "L", "RGB"):
        # Palette transparency and PNG's tRNS colour key become an alpha channel.
        image = image.convert("RGBA")
    elif image.mode in ("P", "1"):
        image = image.convert("RGB")
    if image.mode == "PA":
        image = image.convert("RGBA")
    image = _to_srgb(image)
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA") else "RGB")
    image.info = {}  # profile applied, rotation applied: nothing left to carry
    return image


def clean_original(image):
    """The stored original: full size, rotated, sRGB, no metadata. PNG when it
    has transparency (kept), high-quality JPEG otherwise."""
    if image.mode == "RGBA":
        return ContentFile(encode(image, "PNG", optimize=True), name=random_name("png"))
    return ContentFile(encode(image, "JPEG", quality=92), name=random_name("jpg"))


def ingest_upload(*, file: FieldFile, spec: dict) -> dict:
    """The one way an upload becomes a web image: the upload in `file` is
    replaced by its clean original (rotated, sRGB, no camera metadata, under
    an unguessable name; not the upload itself) and the renditions of `spec`
    (images.renditions: LEAD_RENDITIONS, BODY_RENDITIONS) are stored, all in
    the private storage (images.storage): nothing is public before its
    version is approved and `images.storage.publish` moves it.

    Args:
        file: the image field's file holding the upload (not yet stored), or
            a stored one (read from wherever it is) to make anew; stored by
            this call, the model instance itself is not saved.
        spec: {name: (widths in CSS pixels, aspect ratio or None)}.

    Returns {name: rendition description}. Raises what Pillow raises for an
    unreadable file (`validate_image` runs first in forms).
    """
    if getattr(file, "_committed", True) and file.name:
        with open_stored(file.name) as stored:
            image = load_web_image(stored)
    else:
        image = load_web_image(file)
    original = clean_original(image)
    name = file.field.generate_filename(file.instance, original.name)
    file.name = private_storage().save(name, original, max_length=file.field.max_length)
    setattr(file.instance, file.field.attname, file.name)
    file._committed = True  # type: ignore[attr-defined] # as FieldFile.save does
    return make_renditions(image, spec)
