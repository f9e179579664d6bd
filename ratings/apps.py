from django.apps import AppConfig

# The full ratings spec (issue 3) is in /tmp/issue3.md; also `issues show 3`.


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = "Đánh giá"
