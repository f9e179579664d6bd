"""Set up (or replace) a staff account's authenticator app from the command
line, for the first approvers of a new site and for someone who lost their
phone:

    manage.py enrol_second_factor nguyenvana

Prints the secret (to type into the app), its otpauth:// address (to turn into
a QR code) and ten new recovery codes; the old app and codes stop working.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff import enrolment


class Command(BaseCommand):
    help = "Bật (hoặc đặt lại) xác thực hai bước cho một tài khoản; in khoá bí mật và mã dự phòng."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = enrolment.pending_device(user)
        codes = enrolment.confirm(device)
        self.stdout.write(f"{username}: đã bật xác thực hai bước.")
        self.stdout.write(
            f"Khoá bí mật (nhập vào ứng dụng xác thực): {enrolment.secret_text(device)}"
        )
        self.stdout.write(f"Địa chỉ cho mã QR: {device.config_url}")
        self.stdout.write("Mã dự phòng (mỗi mã dùng một lần): " + " ".join(codes))
