"""A printed article, as a reader's browser prints it: the portal's masthead,
the article's address and the print date, and every letter from the font
the portal ships (so Vietnamese stacked marks do not mix two fonts)."""

import re
import subprocess

import pytest

from tests.browsers import DESKTOP, needs_chromium, open_context
from tests.factories import make_article, make_category, make_topic

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, needs_chromium]

TITLE = "Chủ tịch nước trao thưởng Huân chương cho Hội đồng thi đua"


def pdf_fonts(path):
    """The fonts embedded in a PDF, as `pdffonts` (poppler) names them."""
    table = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in table.stdout.splitlines()[2:]]


def test_a_printed_article_carries_the_masthead_address_and_one_font(
    browser, live_server, tmp_path
):
    article = make_article(
        title=TITLE,
        summary="Những người được thưởng đã có đóng góp xuất sắc.",
        body="<p>Hội đồng Thi đua - Khen thưởng Trung ương họp xét khen thưởng.</p>",
        category=make_category(name="Thi đua"),
        source="Theo VPCP",
    )
    article.topics.add(make_topic(name="Khen thưởng"))
    context = open_context(browser, DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    page.emulate_media(media="print")
    text = page.inner_text("body")
    pdf = tmp_path / "article.pdf"
    page.pdf(path=str(pdf), format="A4")
    context.close()

    assert "Cổng Thông tin điện tử Văn phòng Chính phủ" in text
    assert f"{live_server.url}{article.get_absolute_url()}" in text
    assert "In ngày " in text
    assert "Tìm kiếm" not in text  # the header's search box is not printed
    assert "Theo VPCP" in text and "Chủ đề" not in text  # the source, not the topic links
    fonts = pdf_fonts(pdf)
    assert fonts, "the PDF embeds no font"
    assert all("NotoSerif" in font for font in fonts), fonts
    # The PDF renders (poppler draws its first page) and the page is not blank.
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 5_000


def word_boxes(path):
    """The page size and the words' boxes of a PDF's first page, in points,
    as `pdftotext -bbox` (poppler) reads them."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    words = [
        tuple(float(value) for value in found)
        for found in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html
        )
    ]
    return (float(page.group(1)), float(page.group(2))), words


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_printed_page_keeps_a_margin_of_16_mm_all_round(browser, live_server, tmp_path, paper):
    article = make_article(
        title=TITLE,
        body="<p>"
        + "Hội đồng Thi đua - Khen thưởng Trung ương họp xét khen thưởng. " * 40
        + "</p>",
        category=make_category(name="Thi đua"),
    )
    context = open_context(browser, DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    pdf = tmp_path / "article.pdf"
    page.pdf(path=str(pdf), format=paper)  # no margin given: the stylesheet's @page decides
    context.close()

    (width, height), words = word_boxes(pdf)
    margin = 16 / 25.4 * 72  # 16 mm in points
    left = min(word[0] for word in words)
    top = min(word[1] for word in words)
    right = max(word[2] for word in words)
    bottom = max(word[3] for word in words)
    assert left == pytest.approx(margin, abs=3)  # the text starts at the margin
    assert margin - 1 <= top <= margin + 12  # the first line's leading above it
    assert right <= width - margin + 1
    assert bottom <= height - margin + 1
