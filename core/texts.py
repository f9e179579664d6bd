"""What readers are told, in Vietnamese, by more than one app: the answers
of the portal's error views and middleware, which the ratings API gives too.
Texts of one app stay in that app (ratings.texts)."""

UNAVAILABLE = "Hệ thống đang bảo trì, vui lòng thử lại sau"
BAD_PAYLOAD = "Dữ liệu gửi lên không hợp lệ"
# The API's CSRF refusals (core/errors.py): without the CSRF cookie the
# browser blocks cookies; with a cookie whose token does not match, the page
# is older than the cookie (another tab signed in or out).
COOKIES_NEEDED = "Vui lòng cho phép cookie để gửi đánh giá"
RELOAD_NEEDED = "Phiên làm việc đã thay đổi, vui lòng tải lại trang rồi gửi đánh giá"
