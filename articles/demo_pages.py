"""The demo texts of the agency's pages (Giới thiệu, Liên hệ, English),
proposed and published by `seed_demo` like an approver would."""

from django.conf import settings
from django.utils.html import escape

ABOUT = (
    "<p>Văn phòng Chính phủ là cơ quan ngang bộ của Chính phủ, là bộ máy giúp việc của "
    "Chính phủ và Thủ tướng Chính phủ.</p>"
    "<h2>Chức năng</h2>"
    "<p>Văn phòng Chính phủ có chức năng tham mưu tổng hợp, điều phối giúp Chính phủ, Thủ "
    "tướng Chính phủ tổ chức các hoạt động chung của Chính phủ; lãnh đạo, chỉ đạo, điều hành "
    "hoạt động của hệ thống hành chính nhà nước; kiểm soát thủ tục hành chính; bảo đảm thông "
    "tin phục vụ công tác lãnh đạo, chỉ đạo, điều hành và cung cấp thông tin cho công chúng "
    "theo quy định của pháp luật.</p>"
    "<h2>Tổ chức</h2>"
    "<ul><li><p>Lãnh đạo Văn phòng: Bộ trưởng, Chủ nhiệm và các Phó Chủ nhiệm;</p></li>"
    "<li><p>Các vụ, cục giúp Chủ nhiệm thực hiện chức năng quản lý nhà nước;</p></li>"
    "<li><p>Cổng Thông tin điện tử Chính phủ và các đơn vị sự nghiệp trực thuộc.</p></li></ul>"
)

ENGLISH = (
    "<p>The Government Office is a ministry-level agency of the Government of Viet Nam. It "
    "serves as the working apparatus of the Government and the Prime Minister.</p>"
    "<h2>Functions</h2>"
    "<p>The Government Office advises and coordinates the general activities of the "
    "Government, assists the Prime Minister in leading and directing the state administrative "
    "system, controls administrative procedures, and informs the public about the work of the "
    "Government as the law provides.</p>"
    "<h2>Organisation</h2>"
    "<p>The Office is led by its Minister-Chairman and Vice Chairmen, and comprises "
    "departments, the Government's web portal and affiliated public service units.</p>"
    "<h2>Contact</h2>{contact}"
)


def contact_html(*, english: bool = False) -> str:
    """The agency's address, phone, hotline and e-mail from settings.SITE_DETAILS,
    as a list in Vietnamese (or English)."""
    site = {key: escape(value) for key, value in settings.SITE_DETAILS.items()}
    labels = (
        ("Address", "Phone", "Hotline", "E-mail")
        if english
        else ("Địa chỉ", "Điện thoại", "Đường dây nóng", "Thư điện tử")
    )
    values = (
        site["address"],
        site["phone"],
        site["hotline"],
        f'<a href="mailto:{site["email"]}">{site["email"]}</a>',
    )
    items = "".join(
        f"<li><p>{label}: {value}</p></li>" for label, value in zip(labels, values, strict=True)
    )
    return f"<ul>{items}</ul>"


def page_texts() -> dict[str, tuple[str, str]]:
    """(title, body) of each page, by its kind (Page.Kind's values)."""
    site = settings.SITE_DETAILS
    contact = (
        f"<p>{escape(site['agency'])} tiếp nhận thông tin, ý kiến của người dân và doanh nghiệp "
        "qua các kênh sau.</p>"
        + contact_html()
        + f"<p>Chịu trách nhiệm nội dung: {escape(site['responsible'])}.</p>"
    )
    return {
        "gioi-thieu": ("Giới thiệu Văn phòng Chính phủ", ABOUT),
        "lien-he": ("Liên hệ", contact),
        "en": ("Government Office of Viet Nam", ENGLISH.format(contact=contact_html(english=True))),
    }


def seed_pages() -> int:
    """Publish the demo text of every page never published yet; returns how
    many were published."""
    from .pages import Page, apply_proposal

    published = 0
    for kind, (title, body) in page_texts().items():
        page, _ = Page.objects.get_or_create(
            kind=kind, defaults={"language": "en" if kind == "en" else "vi"}
        )
        if page.is_public:
            continue
        page.proposed_title, page.proposed_body = title, body
        page.save()
        apply_proposal(page=page)
        published += 1
    return published
