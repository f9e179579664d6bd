"""Images as phones, cameras and editing programs write them, generated with
Pillow in the test (no committed binaries)."""

import struct
from io import BytesIO

import pillow_heif
from PIL import Image, ImageDraw

RED = (200, 30, 30)
BLUE = (30, 30, 200)
GREEN = (30, 160, 30)
WHITE = (255, 255, 255)
GREY = (128, 128, 128)


def save(image, fmt, **options):
    buffer = BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg():
    return save(Image.new("RGB", (900, 600), RED), "JPEG", quality=95)


def mpo():
    # Phones write the main picture plus a second one (depth map, preview).
    first, second = Image.new("RGB", (900, 600), RED), Image.new("RGB", (900, 600), BLUE)
    return save(first, "MPO", save_all=True, append_images=[second])


def red_circle(mode_image):
    ImageDraw.Draw(mode_image).ellipse(
        (150, 50, 450, 350), fill=1 if mode_image.mode == "P" else RED
    )
    return mode_image


def png_palette_transparent():
    image = Image.new("P", (600, 400), 0)
    image.putpalette([0, 0, 0, *RED] + [0, 0, 0] * 254)
    return save(red_circle(image), "PNG", transparency=0)


def png_rgba_transparent():
    return save(red_circle(Image.new("RGBA", (600, 400), (0, 0, 0, 0))), "PNG")


def png_rgb_colour_key():
    # Truecolour PNG whose black is transparent (a tRNS colour key).
    image = Image.new("RGB", (600, 400), (0, 0, 0))
    ImageDraw.Draw(image).ellipse((150, 50, 450, 350), fill=RED)
    return save(image, "PNG", transparency=(0, 0, 0))


def png_grey():
    return save(Image.new("L", (600, 400), 128), "PNG")


def png_grey_16_bit():
    return save(Image.new("I;16", (600, 400), 32896), "PNG")  # 128 in 8 bits


def png_grey_alpha():
    image = Image.new("LA", (600, 400), (0, 0))
    ImageDraw.Draw(image).ellipse((150, 50, 450, 350), fill=(128, 255))
    return save(image, "PNG")


def webp():
    return save(Image.new("RGB", (900, 600), GREEN), "WEBP", quality=95)


def gif_animated():
    frames = [Image.new("RGB", (600, 400), RED), Image.new("RGB", (600, 400), BLUE)]
    return save(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)


def cmyk_jpeg():
    return save(Image.new("CMYK", (900, 600), (0, 255, 255, 0)), "JPEG", quality=95)


def tiff():
    return save(Image.new("RGB", (900, 600), BLUE), "TIFF")


def heic():
    pillow_heif.register_heif_opener()
    return save(Image.new("RGB", (900, 600), RED), "HEIF", quality=95)


def avif():
    return save(Image.new("RGB", (900, 600), RED), "AVIF", quality=95)


def exif_rotated_with_gps():
    """Stored 600x400, red left half and blue right half, EXIF orientation 6
    (shown turned 90° clockwise: red on top), with a GPS position."""
    image = Image.new("RGB", (600, 400), BLUE)
    ImageDraw.Draw(image).rectangle((0, 0, 299, 399), fill=RED)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (21.0, 1.0, 30.0)  # GPSLatitude: Hà Nội
    return save(image, "JPEG", exif=exif, quality=95)


def _s15(value):
    return struct.pack(">i", round(value * 65536))


def swapped_profile():
    """An ICC profile whose red primary is sRGB's green and vice versa
    (linear curves): a pixel that is red in the file is green to the eye."""

    def xyz(x, y, z):
        return b"XYZ " + b"\0" * 4 + _s15(x) + _s15(y) + _s15(z)

    curve = b"curv" + b"\0" * 4 + struct.pack(">I", 0)
    text = b"swapped\0"
    desc = b"desc" + b"\0" * 4 + struct.pack(">I", len(text)) + text + b"\0" * 79
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"gXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset, table, data = 128 + 4 + 12 * len(tags), b"", b""
    for signature, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (
        struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
        + b"\0" * 12 + b"acsp" + b"\0" * 28
        + _s15(0.9642) + _s15(1.0) + _s15(0.8249) + b"\0" * 48
    )  # fmt: skip
    return header + struct.pack(">I", len(tags)) + table + data


def icc_swapped():
    return save(Image.new("RGB", (900, 600), (200, 0, 0)), "JPEG", icc_profile=swapped_profile())


# name: (bytes maker, file name, {(x, y) as fractions of the rendition: colour})
SAMPLES = {
    "jpeg": (jpeg, "anh.jpg", {(0.5, 0.5): RED}),
    "mpo (phone multi-picture)": (mpo, "anh.jpg", {(0.5, 0.5): RED}),
    "png palette + transparency": (
        png_palette_transparent,
        "logo.png",
        {(0.02, 0.03): WHITE, (0.98, 0.97): WHITE, (0.5, 0.5): RED},
    ),
    "png rgba transparency": (
        png_rgba_transparent,
        "logo.png",
        {(0.02, 0.03): WHITE, (0.98, 0.97): WHITE, (0.5, 0.5): RED},
    ),
    "png rgb + colour key": (
        png_rgb_colour_key,
        "logo.png",
        {(0.02, 0.03): WHITE, (0.5, 0.5): RED},
    ),
    "png greyscale": (png_grey, "xam.png", {(0.5, 0.5): GREY}),
    "png 16-bit greyscale": (png_grey_16_bit, "xam16.png", {(0.5, 0.5): GREY}),
    "png greyscale + alpha": (png_grey_alpha, "xam.png", {(0.02, 0.03): WHITE, (0.5, 0.5): GREY}),
    "webp": (webp, "anh.webp", {(0.5, 0.5): GREEN}),
    "gif (first frame)": (gif_animated, "dong.gif", {(0.5, 0.5): RED}),
    "cmyk jpeg": (cmyk_jpeg, "in-an.jpg", {(0.5, 0.5): (255, 0, 0)}),
    "tiff": (tiff, "scan.tif", {(0.5, 0.5): BLUE}),
    "heic (iphone)": (heic, "IMG_0001.HEIC", {(0.5, 0.5): RED}),
    "avif": (avif, "anh.avif", {(0.5, 0.5): RED}),
    "exif rotation + gps": (
        exif_rotated_with_gps,
        "IMG_0002.JPG",
        {(0.5, 0.2): RED, (0.5, 0.8): BLUE},
    ),
    "icc profile to srgb": (icc_swapped, "adobe.jpg", {(0.5, 0.5): (0, 229, 0)}),
}
