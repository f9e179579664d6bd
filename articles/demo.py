"""A small Vietnamese demo newsroom for `make run` (written for this project)."""

from datetime import timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

CATEGORIES = [
    ("Chỉ đạo, điều hành", "Chỉ đạo, điều hành của Chính phủ, Thủ tướng Chính phủ."),
    ("Hoạt động Chính phủ", "Hoạt động của Chính phủ và các thành viên Chính phủ."),
    ("Kinh tế", "Tin tức kinh tế, đầu tư, thương mại."),
    ("Xã hội", "Giáo dục, y tế, văn hoá, an sinh xã hội."),
]

BODY = (
    "<p>{lead}</p>"
    "<h2>Nội dung chính</h2>"
    "<p>Theo Văn phòng Chính phủ, các bộ, ngành và địa phương cần tập trung triển khai quyết liệt, "
    "đồng bộ các nhiệm vụ, giải pháp đã đề ra, bảo đảm tiến độ và chất lượng.</p>"
    "<ul><li>Rà soát, hoàn thiện thể chế, chính sách.</li>"
    "<li>Đẩy mạnh chuyển đổi số, cải cách thủ tục hành chính.</li>"
    "<li>Tăng cường kiểm tra, giám sát việc thực hiện.</li></ul>"
    "<blockquote><p>Phải lấy người dân, doanh nghiệp làm trung tâm phục vụ.</p></blockquote>"
    "<p>Các cơ quan báo cáo kết quả thực hiện về Văn phòng Chính phủ trước ngày 15 hằng tháng.</p>"
)

ARTICLES = [
    (
        0,
        "Thủ tướng chỉ đạo đẩy mạnh giải ngân vốn đầu tư công",
        "Thủ tướng yêu cầu các bộ, ngành, địa phương phấn đấu giải ngân trên 95% kế hoạch vốn đầu tư công năm nay.",
        True,
    ),
    (
        0,
        "Phát động phong trào thi đua yêu nước giai đoạn mới",
        'Chính phủ phát động phong trào thi đua "Cả nước thi đua đổi mới sáng tạo" hướng tới kỷ niệm các ngày lễ lớn.',
        True,
    ),
    (
        0,
        "Công điện về ứng phó bão số 9",
        "Thủ tướng ký Công điện số 107/CĐ-TTg yêu cầu các địa phương ven biển chủ động ứng phó với bão số 9, bảo đảm an toàn tính mạng người dân.",
        False,
    ),
    (
        1,
        "Phiên họp Chính phủ thường kỳ tháng 11",
        "Chính phủ họp phiên thường kỳ tháng 11, thảo luận tình hình kinh tế - xã hội và nhiều nội dung quan trọng.",
        True,
    ),
    (
        1,
        "Đường Hồ Chí Minh: đẩy nhanh tiến độ các đoạn còn lại",
        "Phó Thủ tướng kiểm tra tiến độ thi công các đoạn tuyến Đường Hồ Chí Minh qua khu vực Tây Nguyên.",
        False,
    ),
    (
        1,
        "Chính phủ làm việc với tỉnh Đắk Lắk",
        "Đoàn công tác của Chính phủ làm việc với lãnh đạo tỉnh Đắk Lắk về phát triển nông nghiệp công nghệ cao.",
        False,
    ),
    (
        2,
        "Xuất khẩu nông sản đạt kỷ lục",
        "Kim ngạch xuất khẩu nông, lâm, thủy sản 11 tháng ước đạt hơn 60 tỷ USD, tăng mạnh so với cùng kỳ.",
        False,
    ),
    (
        2,
        "Thu hút đầu tư nước ngoài tăng trưởng ổn định",
        "Vốn đầu tư trực tiếp nước ngoài đăng ký mới tiếp tục tăng, tập trung vào công nghiệp chế biến, chế tạo.",
        False,
    ),
    (
        2,
        "Đơn giản hoá thủ tục cho doanh nghiệp khởi nghiệp",
        "Chính phủ ban hành nghị quyết cắt giảm, đơn giản hoá thủ tục hành chính liên quan đến hoạt động kinh doanh, sửa đổi Nghị định 15/2020/NĐ-CP.",
        False,
    ),
    (
        3,
        "Bảo đảm an sinh xã hội dịp Tết Nguyên đán",
        "Các địa phương được yêu cầu chăm lo Tết cho người có công, hộ nghèo và người lao động khó khăn.",
        False,
    ),
    (
        3,
        "Đổi mới chương trình giáo dục phổ thông",
        "Bộ Giáo dục và Đào tạo báo cáo kết quả triển khai chương trình giáo dục phổ thông mới.",
        False,
    ),
    (
        3,
        "Nâng cao chất lượng y tế cơ sở",
        "Chính phủ đặt mục tiêu 100% trạm y tế xã đạt chuẩn quốc gia, phục vụ tốt hơn người dân.",
        False,
    ),
]

TOPICS = ["Đầu tư công", "Chuyển đổi số", "Cải cách hành chính", "An sinh xã hội"]

PALETTE = [(163, 17, 28), (11, 79, 138), (26, 122, 76), (196, 120, 16), (90, 60, 140)]


def demo_image(index):
    """A 1600x900 JPEG, different for every article (no photos ship with the repo)."""
    base = PALETTE[index % len(PALETTE)]
    image = Image.new("RGB", (1600, 900), base)
    draw = ImageDraw.Draw(image)
    for y in range(900):
        shade = int(70 * y / 900)
        draw.line([(0, y), (1600, y)], fill=tuple(max(0, c - shade) for c in base))
    for k in range(6):
        x = (index * 211 + k * 277) % 1500
        y = (index * 97 + k * 151) % 800
        r = 60 + (k * 37 + index * 13) % 160
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(242, 201, 76), width=10)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=f"demo-{index + 1}.jpg")


def seed(stdout=None):
    """Create the demo categories and articles that do not exist yet."""
    from .demo_pages import seed_pages
    from .models import Article, Category, Topic
    from .uploads import prepare_lead_image
    from .writing import store_article, store_category, store_topic

    categories = []
    for order, (name, description) in enumerate(CATEGORIES):
        category = Category.objects.filter(name=name).first() or store_category(
            category=Category(name=name, order=order, description=description)
        )
        categories.append(category)
    topics = [
        Topic.objects.filter(name=name).first() or store_topic(topic=Topic(name=name))
        for name in TOPICS
    ]
    now = timezone.now()
    created = 0
    for index, (cat, title, summary, featured) in enumerate(ARTICLES):
        if Article.objects.filter(title=title).exists():
            continue
        article = Article(
            title=title,
            summary=summary,
            body=BODY.format(lead=summary),
            category=categories[cat],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=5 * index + 1),
            is_featured=featured,
            source="Theo VPCP",
            lead_image=demo_image(index),
            lead_image_caption=f"Ảnh minh hoạ: {title}",
        )
        prepare_lead_image(article=article)
        store_article(article=article)
        article.topics.add(topics[index % len(topics)], topics[(index + 1) % len(topics)])
        created += 1
    pages = seed_pages()
    if stdout:
        stdout.write(f"Demo newsroom: {created} article(s) created, {len(ARTICLES)} in the set.")
        stdout.write(f"Agency pages: {pages} published.")
    return created
