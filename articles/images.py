"""Lead image validation and web-sized renditions, made once on save."""

from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
RENDITIONS = {
    # name: (width, height or None to keep the aspect ratio)
    "thumb": (480, 270),
    "large": (1200, None),
}


def validate_lead_image(file):
    """Refuse anything that is not a real, reasonably sized raster image."""
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
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    "Định dạng ảnh không được hỗ trợ (chỉ nhận JPEG, PNG, WebP, GIF).",
                    code="bad_format",
                )
            width, height = image.size
            if width * height > settings.LEAD_IMAGE_MAX_PIXELS:
                raise ValidationError("Ảnh có kích thước điểm ảnh quá lớn.", code="too_many_pixels")
            image.load()  # decodes fully: a truncated file fails here
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "Tệp tải lên không phải là ảnh hợp lệ hoặc đã bị hỏng.", code="invalid_image"
        ) from None
    finally:
        file.seek(position)


def make_renditions(file):
    """Return {name: ContentFile} JPEG renditions of an uploaded image."""
    file.seek(0)
    with Image.open(file) as source:
        image = ImageOps.exif_transpose(source).convert("RGB")
    stem = PurePath(file.name).stem[:80]
    out = {}
    for name, (width, height) in RENDITIONS.items():
        if height:
            resized = ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)
        else:
            resized = image.copy()
            resized.thumbnail((width, width * 4), Image.Resampling.LANCZOS)
        buffer = BytesIO()
        resized.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
        out[name] = ContentFile(buffer.getvalue(), name=f"{stem}-{name}.jpg")
    file.seek(0)
    return out
