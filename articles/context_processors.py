from django.conf import settings

from .models import Category


def portal(request):
    """Site name and the category menu, shown on every page.

    The categories are a lazy queryset: pages that do not render the menu
    (the admin, JSON endpoints) never query them.
    """
    return {
        "site_name": settings.SITE_NAME,
        "menu_categories": Category.objects.only("name", "slug"),
    }
