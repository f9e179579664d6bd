"""The Vietnamese texts of staff sign-in (words from the shared glossary)."""

CAPTCHA_PROMPT = "Nhập mã xác nhận trong hình"
CAPTCHA_WRONG = "Mã xác nhận không đúng, vui lòng thử lại"
CAPTCHA_EXPIRED = "Mã xác nhận đã hết hạn, vui lòng nhập mã mới"
CAPTCHA_WHY = (
    "Đã có nhiều lần đăng nhập sai từ mạng này hoặc với tài khoản này: "
    "vui lòng nhập thêm mã xác nhận."
)
CODE_LABEL = "Mã từ ứng dụng xác thực hoặc mã dự phòng"
CODE_WRONG = "Mã không đúng hoặc đã được dùng, vui lòng thử lại"
ENROL_CODE_WRONG = "Mã không đúng: kiểm tra giờ trên điện thoại rồi nhập mã mới nhất"
ENROL_NEEDED = (
    "Cần bật xác thực hai bước trước khi xuất bản, duyệt hay gỡ bài. Vui lòng bật ngay bên dưới."
)
REAUTH_NEEDED = (
    "Vui lòng đăng nhập lại để tiếp tục: nhập mã từ ứng dụng xác thực, rồi thực hiện lại thao tác."
)
REQUIRED_REMINDER = (
    "Tài khoản của bạn cần xác thực hai bước để xuất bản, duyệt hay gỡ bài: "
    "vào “Xác thực hai bước” để bật."
)
ENROLLED_MAIL_SUBJECT = "Xác thực hai bước đã được bật"
ENROLLED_MAIL_BODY = (
    "Xác thực hai bước vừa được bật cho tài khoản {username} trên trang quản trị "
    "với một ứng dụng xác thực mới. Nếu không phải bạn, hãy báo ngay quản trị viên."
)
