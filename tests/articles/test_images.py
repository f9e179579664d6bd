"""Every image a phone, camera or editing program gives is accepted through
the admin and comes out looking like the original, in WebP and JPEG at
several widths, with no camera metadata in any stored file."""

import os
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from tests.articles.image_samples import SAMPLES
from tests.articles.test_admin_publishing import article_form
from tests.factories import image_upload, make_article, make_category

pytestmark = pytest.mark.django_db
TOLERANCE = 40  # lossy WebP/JPEG and chroma subsampling


def upload(approver_client, name, content, **fields):
    """Add and publish an article with `content` as its lead image, in the admin."""
    image = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = approver_client.post(
        reverse("admin:articles_article_add"),
        article_form(make_category(), lead_image=image, _publish="1", **fields),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.latest("pk")


def stored_files(root):
    return [os.path.join(d, name) for d, _, names in os.walk(root) for name in names]


def pixel(name, x, y):
    with default_storage.open(name) as file, Image.open(file) as image:
        image = image.convert("RGB")
        return image.getpixel((round(x * (image.width - 1)), round(y * (image.height - 1))))


@pytest.mark.parametrize("sample", SAMPLES)
def test_an_uploaded_image_renders_in_its_own_colours_in_every_rendition(approver_client, sample):
    make, name, expected = SAMPLES[sample]
    article = upload(approver_client, name, make())
    for kind in ["large", "thumb"]:
        description = article.image_renditions[kind]
        for fmt in ["webp", "jpeg"]:
            for stored, _width in description[fmt]:
                for (x, y), colour in expected.items():
                    got = pixel(stored, x, y)
                    assert all(abs(a - b) <= TOLERANCE for a, b in zip(got, colour, strict=True)), (
                        f"{stored} at {(x, y)}: {got}, expected {colour}"
                    )


def test_a_rotated_photo_is_stored_upright(approver_client):
    make, name, _ = SAMPLES["exif rotation + gps"]
    article = upload(approver_client, name, make())
    large = article.image_renditions["large"]
    assert (large["width"], large["height"]) == (400, 600)
    with article.lead_image.open() as file, Image.open(file) as original:
        assert original.size == (400, 600)


def test_no_stored_file_carries_exif_xmp_gps_or_the_upload_name(approver_client, settings):
    make, _, _ = SAMPLES["exif rotation + gps"]
    article = upload(approver_client, "nha-rieng-cua-bo-truong.jpg", make())
    public = stored_files(settings.MEDIA_ROOT)
    private = stored_files(settings.STORAGES["private"]["OPTIONS"]["location"])
    widths = sum(len(description["webp"]) for description in article.image_renditions.values())
    assert len(public) == 2 * widths  # each width in WebP and JPEG, published with the article
    assert len(private) == 1  # the clean original, which readers never need
    for path in public + private:
        data = Path(path).read_bytes()
        assert b"Exif" not in data and b"PhoneMaker" not in data, path
        assert b"http://ns.adobe.com/xap" not in data, path
        with Image.open(BytesIO(data)) as image:
            assert not image.getexif(), path
            assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info
        assert "nha-rieng" not in path and "bo-truong" not in path
        assert len(re.sub(r"\.\w+$", "", os.path.basename(path))) >= 24  # unguessable


def test_renditions_come_in_webp_and_jpeg_at_several_widths_none_wider_than_the_photo(
    approver_client,
):
    make, name, _ = SAMPLES["jpeg"]  # 900 pixels wide
    article = upload(approver_client, name, make())
    large = article.image_renditions["large"]
    assert [w for _, w in large["webp"]] == [w for _, w in large["jpeg"]] == [480, 800, 900]
    assert [n.endswith(".webp") for n, _ in large["webp"]] == [True] * 3
    thumb = article.image_renditions["thumb"]
    assert (thumb["width"], thumb["height"]) == (800, 450)
    with default_storage.open(thumb["jpeg"][0][0]) as file, Image.open(file) as image:
        assert image.size == (320, 180)


def test_the_article_page_offers_webp_and_jpeg_through_srcset_with_a_fixed_size(
    approver_client, client
):
    make, name, _ = SAMPLES["jpeg"]
    article = upload(approver_client, name, make())
    page = client.get(article.get_absolute_url()).content.decode()
    (figure,) = re.findall(r'<figure class="lead-figure">.*?</figure>', page, re.S)
    assert '<source type="image/webp" srcset="' in figure
    assert re.search(r'srcset="[^"]+\.webp 480w, [^"]+\.webp 800w, [^"]+\.webp 900w"', figure)
    assert re.search(r'<img src="[^"]+\.jpg" srcset="[^"]+\.jpg 480w, ', figure)
    assert 'sizes="' in figure and 'width="900" height="600"' in figure
    # The lead photo is the page's largest paint: fetched first, never lazily.
    assert 'fetchpriority="high"' in figure and 'loading="lazy"' not in figure


@pytest.mark.django_db
def test_the_home_page_fetches_the_lead_story_photo_first_and_the_others_lazily(client):
    category = make_category()
    for n in range(3):
        make_article(
            title=f"Tin {n}", category=category, lead_image=image_upload(), is_featured=True
        )

    page = client.get(reverse("articles:home")).content.decode()
    lead, *others = re.findall(r"<img [^>]*>", page)

    assert 'fetchpriority="high"' in lead and 'loading="lazy"' not in lead
    assert others and all('loading="lazy"' in img and "fetchpriority" not in img for img in others)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"%PDF-1.4 not a photo", "anh.jpg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "anh.svg"),
    ],
)
def test_a_refused_file_names_the_accepted_formats(editor_client, content, name):
    image = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = editor_client.post(
        reverse("admin:articles_article_add"), article_form(make_category(), lead_image=image)
    )
    errors = " ".join(response.context["adminform"].form.errors["lead_image"])
    assert "HEIC" in errors and "AVIF" in errors and "JPEG" in errors


@pytest.mark.parametrize(
    ("size", "fmt"), [((20, 20000), "PNG"), ((20000, 20), "JPEG"), ((1, 1), "PNG")]
)
def test_a_one_pixel_or_20000_pixel_long_image_is_taken_and_every_rendition_is_encodable(
    approver_client, size, fmt
):
    buffer = BytesIO()
    Image.new("RGB", size, (30, 160, 30)).save(buffer, fmt)
    article = upload(approver_client, "dai." + fmt.lower(), buffer.getvalue())
    for description in article.image_renditions.values():
        for stored, _width in description["webp"] + description["jpeg"]:
            with default_storage.open(stored) as file, Image.open(file) as image:
                assert max(image.size) <= 4096
                assert min(image.size) >= 1
    assert approver_client.get(article.get_absolute_url()).status_code == 200
