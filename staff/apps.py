from django.apps import AppConfig


class StaffConfig(AppConfig):
    """Staff accounts: the second factor, re-authentication before publishing,
    the sign-in log and the throttling of password guesses."""

    name = "staff"
    verbose_name = "Bảo mật tài khoản"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signins  # noqa: F401  connects the sign-in signals
