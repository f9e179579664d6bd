"""Admin lists over tables of millions of rows (votes, articles): a page
costs the same whatever the size of the table. No full COUNT (the count stops
at a cap and says "hơn"), no count of the unfiltered table, no counts beside the filters, and a date
drill-down drawn from the first and last dates, not from every row
(core/templatetags/calendar_hierarchy.py)."""

from django.contrib import admin

from .capped import CappedPaginator

ADMIN_COUNT_CAP = 10_000


class AdminPaginator(CappedPaginator):
    """Counts at most ADMIN_COUNT_CAP rows; filters reach the older ones."""

    cap = ADMIN_COUNT_CAP


class LargeListAdmin(admin.ModelAdmin):
    """A ModelAdmin for a list over a large table (first among the bases).
    A change list template of its own must extend "admin/large_change_list.html"."""

    show_full_result_count = False
    # "Hiện số lượng" would count the rows behind every filter choice.
    show_facets = admin.ShowFacets.NEVER
    paginator = AdminPaginator
    change_list_template = "admin/large_change_list.html"
