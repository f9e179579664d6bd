"""What readers are told, in Vietnamese, with the terms of the portal's
glossary. One place, so the JSON API, the rating page and the widget's
script say the same thing in the same words. Texts the portal's error views
share with the API live in core.texts."""

from core.texts import BAD_PAYLOAD as BAD_PAYLOAD
from core.texts import UNAVAILABLE as UNAVAILABLE

THANKS = "Cảm ơn bạn đã đánh giá"
# A vote stored but held for a moderator (ratings.services.voting): received,
# not refused, and not yet in the average.
HELD = "Cảm ơn bạn đã đánh giá. Đánh giá của bạn đã được ghi nhận và đang chờ kiểm duyệt"
CHOOSE_SCORE = "Vui lòng chọn số sao từ 1 đến 5"
ALREADY_RATED = "Bạn đã đánh giá bài viết này"
# The reader's own score, told apart from the average ("Điểm trung bình ...");
# {n} is filled in by the widget's script, or by the rating page.
YOUR_SCORE = "Điểm của bạn: {n} sao"
YOUR_SCORE_HELD = "Điểm của bạn: {n} sao, đang chờ kiểm duyệt (chưa tính vào điểm trung bình)"
# A vote a moderator hid: its score is not repeated as if it counted.
YOUR_VOTE_HIDDEN = "Đánh giá của bạn đã được ghi nhận nhưng không được tính vào điểm trung bình"
TOO_MANY_VOTES = "Bạn gửi quá nhiều đánh giá, vui lòng thử lại sau"
SEND_FAILED = "Chưa gửi được đánh giá, vui lòng thử lại sau"
ARTICLE_NOT_FOUND = "Không tìm thấy bài viết"
# The widget's proof of work (ratings.proof): done by the reader's browser
# without the reader's help, so the message asks only to send again.
PROOF_MISSING = "Trình duyệt chưa hoàn tất bước kiểm tra tự động, vui lòng gửi lại đánh giá"
PROOF_EXPIRED = "Bước kiểm tra tự động đã hết hạn hoặc đã được dùng, vui lòng gửi lại đánh giá"

CAPTCHA_PROMPT = "Nhập mã xác nhận trong hình"
CAPTCHA_HINT = "Mã gồm {length} chữ cái in hoa, chỉ có các chữ: {letters}."
CAPTCHA_WRONG = "Mã xác nhận không đúng, vui lòng thử lại"
CAPTCHA_EXPIRED = "Mã xác nhận đã hết hạn, vui lòng nhập mã mới"
CAPTCHA_LISTENED_ENOUGH = "Bạn đã nghe mã xác nhận này nhiều lần, vui lòng bấm Đổi mã khác"
CAPTCHA_IMAGE_ALT = "Hình mã xác nhận: các chữ cái cần nhập vào ô bên dưới"
CAPTCHA_IMAGE_ALT_WITH_AUDIO = (
    f"{CAPTCHA_IMAGE_ALT} (không xem được hình, hãy bấm Nghe mã xác nhận)"
)
