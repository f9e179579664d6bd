from django.conf import settings
from django.utils import timezone

from .models import Category


def portal(request):
    """Site name and details, today's date and the category menu, shown on
    every page.

    The categories are a lazy queryset: pages that do not render the menu
    (the admin, JSON endpoints) never query them.
    """
    return {
        "site_name": settings.SITE_NAME,
        "site_name_en": settings.SITE_NAME_EN,
        "site": settings.SITE_DETAILS,
        # The top strip's date line; pages are not kept past midnight
        # (pagecache.schedule.next_midnight).
        "today": timezone.localdate(),
        "menu_categories": Category.objects.only("name", "slug"),
    }
