import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.test_admin_publishing import article_form
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>Xin chào</p><script>alert('x')</script>", "<script"),
        ('<img src="a.jpg" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">bấm</a>', "javascript:"),
        ('<p style="position:fixed;top:0">che trang</p>', "style="),
        ('<iframe src="https://example.com"></iframe>', "<iframe"),
        ("<svg><script>alert(1)</script></svg>", "<svg"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
        ("<style>body{display:none}</style><p>x</p>", "<style"),
    ],
)
def test_dangerous_markup_never_reaches_a_reader(client, dirty, forbidden):
    article = make_article(body=dirty)
    article.refresh_from_db()
    assert forbidden not in article.body
    body = client.get(article.get_absolute_url()).content.decode().split('class="article-body"')[1]
    assert forbidden not in body.split("</div>")[0]


def test_the_markup_an_article_needs_is_kept():
    html = (
        "<h2>Mục 1</h2><p><strong>Đậm</strong> và <em>nghiêng</em></p>"
        "<ul><li>Một</li></ul><ol><li>Hai</li></ol><blockquote><p>Trích</p></blockquote>"
        '<figure><img src="https://vpcp.example/a.jpg" alt="Ảnh"><figcaption>Chú thích</figcaption>'
        "</figure><table><thead><tr><th>Cột</th></tr></thead><tbody><tr><td>Ô</td></tr></tbody>"
        '</table><p><a href="https://chinhphu.vn">Liên kết</a></p>'
    )
    article = make_article(body=html)
    kept = ["<h2>", "<strong>", "<em>", "<ul>", "<ol>", "<blockquote>", "<figure>"]
    kept += ["<figcaption>", "<table>", "<th>", "<td>", 'href="https://chinhphu.vn"']
    for tag in kept:
        assert tag in article.body
    assert 'rel="noopener noreferrer"' in article.body


WORD_PASTE = (
    '<p class="MsoNormal" style="mso-line-height-rule:exactly"><span lang="VI">Chiều 12/3, '
    "Thủ tướng “chỉ đạo” đẩy mạnh giải ngân.<o:p></o:p></span></p>\n"
    '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'
    '<p class="MsoNormal"><span style="mso-spacerun:yes">&nbsp;&nbsp; </span></p>\n'
    "<p></p><p><br></p><h2> </h2>\n"
    '<p class="MsoNormal"><b>Đậm</b> và <i>tăng</i> trưởng ­kinh tế<o:p></o:p></p>'
)


WORD_PASTE_CLEAN = (
    "<p>Chiều 12/3, Thủ tướng “chỉ đạo” đẩy mạnh giải ngân.</p>\n"
    "<p><strong>Đậm</strong> và <em>tăng</em> trưởng kinh tế</p>"
)


@pytest.mark.parametrize(
    "source",
    ["file:///C:/Users/bt/AppData/clip_image001.png", "data:image/png;base64,iVBORw0KGgo="],
)
def test_a_picture_pasted_from_word_leaves_no_empty_image_on_the_page(source):
    article = make_article(body=f'<p>Trước</p><p><img src="{source}" width="300"></p><p>Sau</p>')
    article.refresh_from_db()
    assert article.body == "<p>Trước</p><p>Sau</p>"


def test_the_editor_is_asked_to_upload_a_picture_pasted_from_word(editor_client):
    body = '<p>Trước</p><p><img src="file:///C:/Users/bt/clip_image001.png"></p>'
    response = editor_client.post(
        reverse("admin:articles_article_add"), article_form(make_category(), body=body)
    )
    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["body"]
    assert "Chèn ảnh" in message
    assert not Article.objects.exists()


WORD_LISTS = (
    '<p class="MsoNormal">Nhiệm vụ:</p>\n'
    '<p class="MsoListParagraphCxSpFirst" style="mso-list:l0 level1 lfo1"><span style="font-family:'
    'Symbol">·<span style="font:7.0pt">&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span>'
    "Rà soát thể chế<o:p></o:p></p>\n"
    '<p class="MsoListParagraphCxSpLast" style="mso-list:l0 level1 lfo1"><span style="font-family:'
    'Symbol">·<span style="font:7.0pt">&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span>'
    "Chuyển đổi số<o:p></o:p></p>\n"
    '<p class="MsoNormal">Các bước:</p>\n'
    '<p class="MsoListParagraphCxSpFirst">1.<span style="font:7.0pt">&nbsp;&nbsp;&nbsp; </span>'
    "Lập kế hoạch</p>\n"
    '<p class="MsoListParagraphCxSpLast">2.<span style="font:7.0pt">&nbsp;&nbsp;&nbsp; </span>'
    "Triển khai</p>"
)


WORD_LISTS_CLEAN = (
    "<p>Nhiệm vụ:</p>\n"
    "<ul><li><p>Rà soát thể chế</p></li><li><p>Chuyển đổi số</p></li></ul>"
    "<p>Các bước:</p>\n"
    "<ol><li><p>Lập kế hoạch</p></li><li><p>Triển khai</p></li></ol>"
)


@pytest.mark.parametrize(
    ("pasted", "clean"),
    [(WORD_PASTE, WORD_PASTE_CLEAN), (WORD_LISTS, WORD_LISTS_CLEAN)],
    ids=["blank-paragraphs-and-office-markup", "bulleted-and-numbered-lists"],
)
def test_a_word_paste_is_stored_as_the_editor_would_write_it(pasted, clean):
    article = make_article(body=pasted)
    article.refresh_from_db()
    assert article.body == clean


def test_a_paragraph_that_merely_starts_with_a_number_stays_a_paragraph():
    body = "<p>1. Chính phủ yêu cầu các bộ báo cáo trước ngày 15.</p>"
    assert make_article(body=body).body == body
