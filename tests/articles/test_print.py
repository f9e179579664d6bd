"""A printed article, as a reader's browser prints it: the portal's masthead,
the article's address and the print date, and every letter from the font
the portal ships (so Vietnamese stacked marks do not mix two fonts)."""

import subprocess

import pytest

from tests.browsers import DESKTOP, needs_chromium, open_context
from tests.factories import make_article, make_category

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
    )
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
