"""Two-step sign-in as approvers meet it in the admin: asked before publishing,
set up on the enrolment page, asked at every sign-in once set up, recovery
codes good once, and asked again before publishing after a while."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.desk import change_form, change_url, list_action, staff
from tests.factories import make_article
from tests.staff.signing_in import (
    app_code,
    enrol,
    enrolled_then_signed_in_again,
    give_code,
    sign_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


def draft():
    return make_article(status=Article.Status.SUBMITTED, published_at=None)


def publish(client, article, **extra):
    return client.post(change_url(article), change_form(article, _publish="1"), **extra)


def test_an_approver_without_a_second_factor_cannot_publish_and_is_sent_to_set_it_up(client):
    approver, article = staff("approver"), draft()
    sign_in(client, approver.username)
    response = publish(client, article)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:enrol"))
    assert Article.objects.get(pk=article.pk).status == Article.Status.SUBMITTED
    page = client.get(response["Location"])
    assert "Cần bật xác thực hai bước trước khi xuất bản" in page.content.decode()


def test_nor_take_down_or_publish_from_the_article_list(client):
    approver = staff("approver")
    public, waiting = make_article(), draft()
    client.force_login(approver)
    for action, article in [("take_down_selected", public), ("publish_selected", waiting)]:
        response = client.post(
            reverse("admin:articles_article_changelist"), list_action(action, article)
        )
        assert response["Location"].startswith(reverse("staff:enrol"))
    assert Article.objects.get(pk=public.pk).status == Article.Status.PUBLISHED
    assert Article.objects.get(pk=waiting.pk).status == Article.Status.SUBMITTED


def test_the_enrolment_page_shows_a_qr_code_inline_and_the_secret_as_text(client):
    client.force_login(staff("approver"))
    page = client.get(reverse("staff:enrol")).content.decode()
    assert "<svg" in page and "<img" not in page.split("staff-qr")[1][:200]
    secret = client.get(reverse("staff:enrol")).context["secret"]
    assert len(secret.replace(" ", "")) == 32 and secret in page


def test_with_the_app_set_up_an_approver_publishes(client):
    approver, article = staff("approver"), draft()
    sign_in(client, approver.username)
    _, codes = enrol(client)
    assert len(codes) == 10
    response = publish(client, article)
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_once_set_up_a_password_alone_opens_no_admin_page(client):
    approver = staff("approver")
    enrolled_then_signed_in_again(client, approver)
    assert "_auth_user_id" in client.session  # the password was right
    for path in ["/quan-tri/", "/quan-tri/articles/article/", "/quan-tri/xac-thuc-hai-buoc/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("staff:verify"))
    assert give_code(client, "000000").status_code == 200  # wrong: asked again
    assert client.get("/quan-tri/").status_code == 302


def test_the_code_from_the_app_opens_the_admin(client):
    approver = staff("approver")
    secret, _ = enrolled_then_signed_in_again(client, approver)
    wrong = give_code(client, "123456").content.decode()
    assert "Mã không đúng hoặc đã được dùng" in wrong
    assert give_code(client, app_code(secret, steps_ahead=1))["Location"] == "/quan-tri/"
    assert client.get("/quan-tri/").status_code == 200
    assert publish(client, draft()).status_code == 302


def test_a_recovery_code_signs_in_once(client):
    approver = staff("approver")
    _, codes = enrolled_then_signed_in_again(client, approver)
    assert give_code(client, codes[0].upper())["Location"] == "/quan-tri/"
    assert client.get("/quan-tri/").status_code == 200
    client.logout()
    sign_in(client, approver.username)
    assert give_code(client, codes[0]).status_code == 200
    assert client.get("/quan-tri/").status_code == 302


def test_publishing_asks_for_a_code_again_after_the_set_time(client, settings):
    settings.STAFF_REAUTH_MINUTES = 30
    approver, article = staff("approver"), draft()
    sign_in(client, approver.username)
    secret, _ = enrol(client)
    later = timezone.now() + timedelta(minutes=31)
    with time_machine.travel(later, tick=False):
        response = publish(client, article)
        assert response["Location"].startswith(reverse("staff:verify"))
        assert Article.objects.get(pk=article.pk).status == Article.Status.SUBMITTED
        page = client.get(response["Location"]).content.decode()
        assert "Vui lòng đăng nhập lại để tiếp tục" in page
        back = give_code(client, app_code(secret), next_url=change_url(article))
        assert back["Location"] == change_url(article)
        publish(client, article)
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_an_editor_without_a_second_factor_still_submits(client):
    editor, article = staff("editor"), make_article(status=Article.Status.DRAFT)
    sign_in(client, editor.username)
    client.post(change_url(article), change_form(article, _submit="1"))
    assert Article.objects.get(pk=article.pk).status == Article.Status.SUBMITTED


def test_the_command_sets_up_an_approver_whose_printed_secret_signs_in(client, capsys):
    approver = staff("approver")
    call_command("enrol_second_factor", approver.username)
    printed = capsys.readouterr().out
    secret = next(line for line in printed.split("nhập khoá bí mật:")[1].splitlines() if line)
    codes = printed.split("mã dự phòng")[1].split("3. ")[0].split(":", 1)[1].split()
    assert "otpauth://totp/" in printed and len(codes) == 10
    sign_in(client, approver.username)
    assert give_code(client, app_code(secret))["Location"] == "/quan-tri/"
    assert publish(client, draft()).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client):
    approver = staff("approver")
    _, old = enrolled_then_signed_in_again(client, approver)
    give_code(client, old[0])
    page = client.get(reverse("staff:enrol")).content.decode()
    assert "Mã dự phòng còn lại: <strong>9</strong>" in page
    new = client.post(reverse("staff:enrol")).context["codes"]
    client.logout()
    sign_in(client, approver.username)
    assert give_code(client, old[1]).status_code == 200  # refused: asked again
    assert give_code(client, new[0])["Location"] == "/quan-tri/"


@pytest.mark.django_db(transaction=True)  # the notice is sent on commit, as in real use
def test_the_command_prints_the_notice_email_first_and_the_secret_last_under_a_heading(
    capsys, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # as `make run`
    approver = staff("approver", email="duyet@example.gov.vn")

    call_command("enrol_second_factor", approver.username)

    printed = capsys.readouterr().out
    mail_ends = printed.index("Nếu không phải bạn, hãy báo ngay quản trị viên.")
    heading = printed.index(f"Tài khoản {approver.username}: đã bật xác thực hai bước.")
    steps = [printed.index(step) for step in ("\n1. ", "\n2. ", "\n3. ")]
    assert mail_ends < heading < steps[0] < steps[1] < steps[2]
    assert "=" * 72 in printed[mail_ends:heading]  # a rule sets the steps apart from the mail
    secret = printed[steps[0] :].strip().splitlines()[2].strip()  # on a line of its own
    assert secret.replace(" ", "").isalnum() and len(secret) == len("ABCD ") * 8 - 1
    last = printed.rstrip().splitlines()[-1]
    assert last.startswith("3. Đăng nhập tại /quan-tri/")
