"""Set up (or replace) a staff account's authenticator app from the command
line, for the first approvers of a new site and for someone who lost their
phone:

    manage.py enrol_second_factor nguyenvana

Prints the secret (to type into the app), its otpauth:// address (to turn into
a QR code) and ten new recovery codes; the old app and codes stop working.
The account's notice e-mail is sent first (on the console while developing),
so what the person at the terminal needs comes last, under its own heading,
one step at a time.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff import enrolment

RULE = "=" * 72
CODES_PER_LINE = 5


class Command(BaseCommand):
    help = "Bật (hoặc đặt lại) xác thực hai bước cho một tài khoản; in khoá bí mật và mã dự phòng."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        # Committed before anything is printed: the notice e-mail (sent on
        # commit, enrolment.confirm) comes out first, and the codes printed
        # are ones that work.
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            device = enrolment.pending_device(user)
            codes = enrolment.confirm(device)
        self.print_steps(user, device, codes)

    def print_steps(self, user, device, codes):
        write = self.stdout.write
        write("")
        write(RULE)
        write(f"Tài khoản {user.get_username()}: đã bật xác thực hai bước.")
        if user.email:
            write(f"Thư thông báo đã được gửi tới {user.email}.")
        write(RULE)
        write("")
        write("1. Trong ứng dụng xác thực, thêm tài khoản và nhập khoá bí mật:")
        write("")
        write(f"     {enrolment.secret_text(device)}")
        write("")
        write("   hoặc tạo mã QR từ địa chỉ:")
        write(f"     {device.config_url}")
        write("")
        write(
            "2. Cất giữ mã dự phòng ở nơi an toàn (mỗi mã dùng một lần, khi không có điện thoại):"
        )
        write("")
        for start in range(0, len(codes), CODES_PER_LINE):
            write("     " + "  ".join(codes[start : start + CODES_PER_LINE]))
        write("")
        write(
            f"3. Đăng nhập tại {reverse('admin:index')} bằng mật khẩu, "
            "rồi nhập mã 6 chữ số đang hiện trong ứng dụng."
        )
