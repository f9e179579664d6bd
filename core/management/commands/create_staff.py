"""Make (or update) a staff account with one desk role, in one line:

    manage.py create_staff nguyenvana --role editor --email a@vpcp.gov.vn

The password comes from DJANGO_STAFF_PASSWORD, or is asked for on a terminal.
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import ROLES


def ask_password():
    """The password typed on the terminal, or None when there is none to ask
    on (a script, a container without -t) or nothing was typed: the caller
    then says to set DJANGO_STAFF_PASSWORD, rather than getpass failing."""
    if not (sys.stdin and sys.stdin.isatty()):
        return None
    try:
        return getpass.getpass("Mật khẩu: ")
    except EOFError:
        return None


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật tài khoản biên tập viên, duyệt tin hoặc kiểm duyệt viên."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--noinput", action="store_true", help="Không hỏi mật khẩu trên màn hình."
        )

    def handle(self, *args, username, role, email, noinput, **options):
        User = get_user_model()
        try:
            group = Group.objects.get(name=ROLES[role].group)
        except Group.DoesNotExist as missing:
            raise CommandError("Chưa có nhóm quyền: hãy chạy manage.py migrate.") from missing
        user = User.objects.filter(username=username).first() or User(username=username)
        # A command's input, read as Django's createsuperuser reads
        # DJANGO_SUPERUSER_PASSWORD: not a setting of the running site.
        password = os.environ.get("DJANGO_STAFF_PASSWORD", "") or (
            None if noinput or user.pk else ask_password()
        )
        if password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            user.set_password(password)
        elif not user.pk:
            raise CommandError(
                "Cần mật khẩu: đặt DJANGO_STAFF_PASSWORD, hoặc chạy lệnh trên một terminal để nhập."
            )
        user.is_staff = True
        if email:
            user.email = email
        with transaction.atomic():
            user.save()
            user.groups.remove(*Group.objects.filter(name__in=[r.group for r in ROLES.values()]))
            user.groups.add(group)
        self.stdout.write(f"{username}: {group.name}")
