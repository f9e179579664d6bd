"""Admin lists over tables of millions of rows (votes, articles): a page
costs the same whatever the size of the table. No full COUNT (the count stops
at a cap and says "hơn"), no count of the unfiltered table, no counts beside the filters, and a date
drill-down drawn from the first and last dates, not from every row
(core/templatetags/calendar_hierarchy.py). What is left is the page's own
work, row by row: the list reads no column it does not show (`list_defer`)
and draws each row's checkbox without a template."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .capped import CappedPaginator

ADMIN_COUNT_CAP = 10_000


class AdminPaginator(CappedPaginator):
    """Counts at most ADMIN_COUNT_CAP rows; filters reach the older ones."""

    cap = ADMIN_COUNT_CAP


class LargeChangeList(ChangeList):
    """The change list whose page of rows leaves out the columns its model
    admin's `list_defer` names (long texts no column shows). Only the page
    shown: actions and the export read the rows from `get_queryset()`."""

    def get_results(self, request):
        defer = getattr(self.model_admin, "list_defer", ())
        if defer:
            self.queryset = self.queryset.defer(*defer)
        super().get_results(request)


class LargeListAdmin(admin.ModelAdmin):
    """A ModelAdmin for a list over a large table (first among the bases,
    but for a mixin that extends its methods, such as `action_checkbox`).
    A change list template of its own must extend "admin/large_change_list.html"."""

    show_full_result_count = False
    # "Hiện số lượng" would count the rows behind every filter choice.
    show_facets = admin.ShowFacets.NEVER
    paginator = AdminPaginator
    change_list_template = "admin/large_change_list.html"
    list_defer: tuple[str, ...] = ()  # fields the list leaves in the database

    def get_changelist(self, request, **kwargs):
        return LargeChangeList

    def action_checkbox(self, obj):
        """Django's checkbox, the same markup, written directly: rendering a
        form widget's template for each of a hundred rows was a fifth of
        the page's time."""
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )
