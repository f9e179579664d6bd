"""The captcha's image: drawn whole at both scales, and cheap to refuse for
keys that were never issued or are used up (not counted against anyone)."""

import io
import secrets

import pytest
from captcha.models import CaptchaStore
from PIL import Image, ImageChops, ImageStat

from bench.captcha_attacks import grey, redraw_from_key
from ratings import captcha_drawing
from ratings.limits import SHOWINGS_PER_CAPTCHA
from tests.ratings.factories import captcha_answer

pytestmark = pytest.mark.django_db


def _ink_box(png):
    """The box around the dark pixels (letters and noise) of a captcha image."""
    image = Image.open(io.BytesIO(png)).convert("L")
    return image.size, image.point(lambda value: 255 if value < 128 else 0).getbbox()


def _difference(png, png_2x):
    """Mean grey-level difference (0-255) between an image and a 2x one halved."""
    image = Image.open(io.BytesIO(png)).convert("L")
    halved = Image.open(io.BytesIO(png_2x)).convert("L").resize(image.size, Image.LANCZOS)
    return ImageStat.Stat(ImageChops.difference(image, halved)).mean[0]


def test_the_double_size_captcha_image_shows_the_same_letters_whole_at_twice_the_size(
    browser_client,
):
    body = browser_client.get("/api/ratings/captcha/").json()
    single = browser_client.get(body["image_url"])
    double = browser_client.get(body["image_2x_url"])

    assert double.status_code == 200
    assert double["Content-Type"] == "image/png"
    (width, height), box = _ink_box(single.content)
    (width2, height2), box2 = _ink_box(double.content)
    assert (width2, height2) == (2 * width, 2 * height) == (320, 100)
    # Nothing is cut at the edges: all the ink is inside a margin, at both scales.
    assert box[0] >= 2 and box[1] >= 2 and box[2] <= width - 2 and box[3] <= height - 2
    assert box2[0] >= 4 and box2[1] >= 4 and box2[2] <= width2 - 4 and box2[3] <= height2 - 4
    # The same picture, twice as large: brought back to 1x it differs from
    # the 1x image far less than another captcha's picture does.
    other = browser_client.get(browser_client.get("/api/ratings/captcha/").json()["image_2x_url"])
    same_distance = _difference(single.content, double.content)
    assert same_distance < 25
    assert same_distance < _difference(single.content, other.content) / 2


def test_every_showing_of_a_captcha_is_the_same_picture(browser_client):
    image_url = browser_client.get("/api/ratings/captcha/").json()["image_url"]

    assert browser_client.get(image_url).content == browser_client.get(image_url).content


def test_the_picture_cannot_be_redrawn_from_the_public_key_even_knowing_the_answer(
    browser_client,
):
    body = browser_client.get("/api/ratings/captcha/").json()
    served = browser_client.get(body["image_url"]).content

    redrawn = redraw_from_key(captcha_answer(body["key"]), body["key"])

    # A redrawing that matched would differ by about nothing; this one
    # differs as much as two captchas do.
    assert (abs(grey(served) - grey(redrawn))).mean() > 0.1


def test_the_picture_depends_on_the_secret_key(settings):
    key = secrets.token_hex(20)
    first = captcha_drawing.draw("ABCEH", key)
    settings.SECRET_KEY = "another-secret-key-for-this-test"

    assert captcha_drawing.draw("ABCEH", key) != first


def test_images_of_made_up_or_used_keys_do_not_count_against_the_network(settings, browser_client):
    settings.RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR = 2
    used = browser_client.get("/api/ratings/captcha/").json()["key"]
    CaptchaStore.objects.filter(hashkey=used).delete()

    answers = [browser_client.get(f"/captcha/image/{secrets.token_hex(20)}/") for _ in range(30)]
    answers += [browser_client.get(f"/captcha/image/{used}@2/") for _ in range(10)]
    answers += [browser_client.get("/captcha/image/not-a-key/") for _ in range(10)]

    assert {response.status_code for response in answers[:40]} == {410}
    assert {response.status_code for response in answers[40:]} == {404}
    assert browser_client.get("/api/ratings/captcha/").status_code == 200


def test_a_captcha_shown_too_often_is_429(browser_client):
    image_url = browser_client.get("/api/ratings/captcha/").json()["image_url"]
    for _ in range(SHOWINGS_PER_CAPTCHA):
        assert browser_client.get(image_url).status_code == 200

    response = browser_client.get(image_url)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
