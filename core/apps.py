from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    # The label this app had as the `vpcp_portal` package: existing databases
    # record its migration (django_migrations) under it.
    label = "vpcp_portal"
    verbose_name = "Cổng thông tin"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
        from .cache import skip_closing_caches_per_request

        skip_closing_caches_per_request()
