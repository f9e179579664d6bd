import io

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_user, restore_staff_groups

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def groups():
    restore_staff_groups()


@pytest.mark.parametrize(
    ("role", "group", "may_publish"),
    [("editor", "Biên tập viên", False), ("approver", "Duyệt tin", True)],
)
def test_one_command_makes_a_staff_member_of_a_role(monkeypatch, role, group, may_publish):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", "Mat-khau-dai-2026")
    call_command("create_staff", "nguyenvana", role=role, email="a@vpcp.gov.vn")

    from django.contrib.auth.models import User

    user = User.objects.get(username="nguyenvana")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert user.check_password("Mat-khau-dai-2026")
    assert user.has_perm("articles.publish_article") is may_publish


def test_changing_the_role_replaces_the_old_one():
    user = make_user("tranthib", group="Biên tập viên")
    call_command("create_staff", "tranthib", role="moderator", noinput=True)
    assert list(user.groups.values_list("name", flat=True)) == ["Kiểm duyệt viên"]


def test_a_weak_password_is_refused(monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("create_staff", "yeu", role="editor")


def test_without_a_password_or_a_terminal_the_command_says_to_set_one(monkeypatch):
    monkeypatch.delenv("DJANGO_STAFF_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a script's stdin: no terminal

    with pytest.raises(CommandError, match="DJANGO_STAFF_PASSWORD"):
        call_command("create_staff", "khongmatkhau", role="editor")

    from django.contrib.auth.models import User

    assert not User.objects.filter(username="khongmatkhau").exists()
