"""The sign-in log: one row per password check, per second-factor code and
per authenticator app set up, with the client's network (never its address)."""

from django.conf import settings
from django.db import models


class SignIn(models.Model):
    class Step(models.TextChoices):
        PASSWORD = "password", "mật khẩu"
        SECOND_FACTOR = "second_factor", "mã xác thực"
        ENROLMENT = "enrolment", "bật xác thực hai bước"

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    username = models.CharField("tên đăng nhập", max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    network = models.CharField("mạng", max_length=43, blank=True)
    step = models.CharField("bước", max_length=16, choices=Step.choices)
    succeeded = models.BooleanField("thành công")

    class Meta:
        verbose_name = "lần đăng nhập"
        verbose_name_plural = "nhật ký đăng nhập"
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "-at"], name="staff_signin_user_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(step__in=["password", "second_factor", "enrolment"]),
                name="staff_signin_step_known",
            )
        ]

    def __str__(self):
        return f"{self.username} {self.at:%d/%m/%Y %H:%M}"
