"""What a reader sees of the lists and the article's top, in Chromium at
390 px (a phone) and 1280 px (a desktop): a date line that keeps "GMT+7"
beside its time, home's category rows without a hole, one search box on the
search page, and "In bài viết" at the end of the article's date line."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.browsers import DESKTOP, PHONE, needs_chromium, open_context
from tests.factories import image_upload, make_article, make_category, make_topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]
DEVICES = pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["390px", "1280px"])

# A date line's layout in the page, for each <time> whose text ends with
# "GMT+7": how many lines it takes, and whether "GMT+7" sits on the line of
# the time ("13:55") before it, as laid out and in every narrower column
# its line could have (down to 100 px): where the line wraps is up to the
# font and the text before the date, so every break is tried.
DATE_LINES = """selector => [...document.querySelectorAll(selector)]
  .filter(time => time.textContent.endsWith("GMT+7") && time.getClientRects().length)
  .map(time => {
    const text = time.firstChild, length = text.length, line = time.parentElement;
    const range = (start, end) => {
      const r = document.createRange(); r.setStart(text, start); r.setEnd(text, end); return r;
    };
    const lines = () => new Set(
      [...range(0, length).getClientRects()].map(rect => Math.round(rect.bottom))).size;
    const together = () => Math.abs(range(length - 5, length).getBoundingClientRect().bottom
      - range(length - 11, length - 6).getBoundingClientRect().bottom) < 2;
    const found = {text: text.data, lines: lines(), together: together(), apartAt: []};
    for (let width = Math.floor(line.getBoundingClientRect().width); width >= 100; width -= 3) {
      line.style.width = width + "px";
      if (!together()) { found.apartAt.push(width); }
    }
    line.style.width = "";
    return found;
  })"""


@pytest.fixture
def newsroom():
    """Home with category blocks of four, three, two and one cards (with
    images), an article with related articles, and a category whose long
    name makes search results' date lines wrap on a phone."""
    topic = make_topic(name="Chuyển đổi số")
    blocks = {}
    for count, name in [(4, "Kinh tế"), (3, "Xã hội"), (2, "Giáo dục"), (1, "Y tế")]:
        category = make_category(name=name)
        blocks[count] = category
        for n in range(count):
            article = make_article(
                title=f"Tin {name.lower()} số {n} về chuyển đổi số",
                category=category,
                lead_image=image_upload(),
            )
            article.topics.add(topic)
    long_name = make_category(name="Chỉ đạo, điều hành của Thủ tướng Chính phủ về chuyển đổi số")
    make_article(title="Chuyển đổi số quốc gia", category=long_name, lead_image=image_upload())
    return {"blocks": blocks, "article": article}


def date_lines(page, selector):
    lines = page.evaluate(DATE_LINES, selector)
    assert lines, f"no date line in {selector}"
    return lines


@DEVICES
def test_gmt7_stays_on_the_line_of_its_time_in_every_list(browser, live_server, newsroom, device):
    context = open_context(browser, device)
    page = context.new_page()
    found = {}
    for name, path, selector in [
        ("home", "/", ".card .meta time"),
        ("related", newsroom["article"].get_absolute_url(), ".related .meta time"),
        (
            "search",
            "/tim-kiem/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91",
            ".search-results time",
        ),
    ]:
        page.goto(live_server.url + path)
        found[name] = date_lines(page, selector)
    context.close()

    apart = {
        name: [line for line in lines if not line["together"] or line["apartAt"]]
        for name, lines in found.items()
    }
    assert apart == {"home": [], "related": [], "search": []}


def test_on_a_phone_a_cards_date_line_is_one_line_whatever_the_weekday(browser, live_server):
    # Seven days in a row, every weekday once, at a time with wide digits.
    first = timezone.now().replace(hour=13, minute=58) - timedelta(days=14)
    for day in range(7):
        make_article(
            title=f"Tin ngày thứ {day}",
            category=make_category(name=f"Chuyên mục {day}"),
            published_at=first + timedelta(days=day),
            lead_image=image_upload(),
        )
    context = open_context(browser, PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")
    lines = date_lines(page, ".category-block .meta time")
    context.close()

    assert len({line["text"].split(",")[0] for line in lines}) == 7  # every weekday
    assert [line["text"] for line in lines if line["lines"] != 1] == []


@DEVICES
def test_no_row_of_a_home_category_block_leaves_an_empty_column(
    browser, live_server, newsroom, device
):
    context = open_context(browser, device)
    page = context.new_page()
    page.goto(live_server.url + "/")
    holes = {}
    for count, category in newsroom["blocks"].items():
        grid = page.locator(f"section[aria-labelledby='cm-{category.slug}'] .grid")
        edge = grid.bounding_box()
        right = edge["x"] + edge["width"]
        rows: dict[int, list[dict]] = {}
        for card in grid.locator(".card").all():
            box = card.bounding_box()
            rows.setdefault(round(box["y"]), []).append(box)
        assert sum(len(cards) for cards in rows.values()) == count
        # Each row's last card reaches the grid's right edge.
        short = [
            y
            for y, cards in rows.items()
            if right - max(box["x"] + box["width"] for box in cards) > 1
        ]
        if short:
            holes[count] = short
    context.close()

    assert holes == {}


@DEVICES
def test_the_search_page_has_one_search_box_with_its_filters(browser, live_server, device):
    make_article(title="Nghị định 15/2020/NĐ-CP")
    context = open_context(browser, device)
    page = context.new_page()
    page.goto(live_server.url + "/tim-kiem/?q=ngh%E1%BB%8B+%C4%91%E1%BB%8Bnh")

    boxes = page.get_by_role("searchbox")
    visible = [boxes.nth(i).is_visible() for i in range(boxes.count())]
    landmarks = page.get_by_role("search").count()
    label = page.get_by_role("searchbox", name="Từ khoá").input_value()
    filters = page.get_by_text("Lọc và sắp xếp").is_visible()
    page.goto(live_server.url + "/")
    header_box = page.get_by_role("searchbox", name="Tìm kiếm").is_visible()
    context.close()

    assert visible == [True]
    assert landmarks == 1
    assert label == "nghị định"
    assert filters
    assert header_box  # every other page keeps the header's box


@pytest.mark.parametrize("revised", [False, True], ids=["published", "revised"])
@DEVICES
def test_in_bai_viet_ends_the_articles_date_line(browser, live_server, device, revised):
    # The longest date line: a Sunday ("Chủ nhật"), at a time with wide digits.
    sunday = timezone.localtime() - timedelta(days=7)
    while sunday.weekday() != 6:
        sunday -= timedelta(days=1)
    sunday = sunday.replace(hour=20, minute=58)
    article = make_article(
        title="Thủ tướng chủ trì phiên họp Chính phủ thường kỳ tháng 11", published_at=sunday
    )
    # Unchanged since, or revised ("· Cập nhật …" lengthens the date line
    # past a phone's width).
    updated = timezone.now() if revised else sunday
    Article.objects.filter(pk=article.pk).update(created_at=sunday, updated_at=updated)
    context = open_context(browser, device)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())

    assert page.get_by_text("Cập nhật").count() == (1 if revised else 0)
    button = page.get_by_role("button", name="In bài viết")
    button.wait_for()
    meta = page.locator(".article header .meta").bounding_box()
    box = button.bounding_box()
    header = page.locator(".article header").bounding_box()
    context.close()

    middle = box["y"] + box["height"] / 2
    # At the right end of the article's column, right beside or under the date...
    assert box["x"] + box["width"] == pytest.approx(header["x"] + header["width"], abs=1)
    assert box["y"] - (meta["y"] + meta["height"]) <= 8
    if not revised:
        # ...and on the date line itself when both fit, a phone's included.
        assert meta["y"] <= middle <= meta["y"] + meta["height"]
