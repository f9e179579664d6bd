"""What readers are told, in Vietnamese, with the terms of the portal's
glossary. One place, so the JSON API, the rating page and the widget's
script say the same thing in the same words."""

THANKS = "Cảm ơn bạn đã đánh giá"
# A vote stored but held for a moderator (ratings.services.voting): received,
# not refused, and not yet in the average.
HELD = "Cảm ơn bạn đã đánh giá. Đánh giá của bạn đã được ghi nhận và đang chờ kiểm duyệt"
CHOOSE_SCORE = "Vui lòng chọn số sao từ 1 đến 5"
ALREADY_RATED = "Bạn đã đánh giá bài viết này"
YOUR_SCORE = "Bạn đã chấm {n} sao"  # {n} is filled in by the widget's script
TOO_MANY_VOTES = "Bạn gửi quá nhiều đánh giá, vui lòng thử lại sau"
UNAVAILABLE = "Hệ thống đang bảo trì, vui lòng thử lại sau"
SEND_FAILED = "Chưa gửi được đánh giá, vui lòng thử lại sau"
BAD_PAYLOAD = "Dữ liệu gửi lên không hợp lệ"
ARTICLE_NOT_FOUND = "Không tìm thấy bài viết"

CAPTCHA_PROMPT = "Nhập mã xác nhận trong hình"
CAPTCHA_WRONG = "Mã xác nhận không đúng, vui lòng thử lại"
CAPTCHA_EXPIRED = "Mã xác nhận đã hết hạn, vui lòng nhập mã mới"
CAPTCHA_IMAGE_ALT = "Hình mã xác nhận: các chữ cái cần nhập vào ô bên dưới"
CAPTCHA_IMAGE_ALT_WITH_AUDIO = (
    f"{CAPTCHA_IMAGE_ALT} (không xem được hình, hãy bấm Nghe mã xác nhận)"
)
# The API's CSRF refusals (vpcp_portal/errors.py): without the CSRF cookie the
# browser blocks cookies; with a cookie whose token does not match, the page
# is older than the cookie (another tab signed in or out).
COOKIES_NEEDED = "Vui lòng cho phép cookie để gửi đánh giá"
RELOAD_NEEDED = "Phiên làm việc đã thay đổi, vui lòng tải lại trang rồi gửi đánh giá"
