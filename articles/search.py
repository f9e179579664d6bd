"""The public search: what a reader may ask (SearchForm), what it finds
(`find`), and pages of results whose count is capped rather than counted.

Every parameter lives in the URL, so a search is shared by its link; the
names are the ones `PARAMS` lists (the page cache redirects any other query
string to the canonical one, see urls.py).
"""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from core import capped

from .models import Article, Category, Topic

PARAMS = ("q", "chuyen-muc", "chu-de", "tu", "den", "sap-xep", "trang")
NEWEST = "moi-nhat"
COUNT_CAP = 1000  # past this, "hơn 1.000 kết quả": counting a million rows costs


def _date_field(label):
    """A day typed as the date picker sends it or as people write it."""
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Ngày không hợp lệ (ngày/tháng/năm)."},
    )


class SearchForm(forms.Form):
    """The search page's form; GET parameters with the portal's Vietnamese
    names. Invalid filters are reported and left out, never a 500."""

    q = forms.CharField(label="Từ khoá", required=False, max_length=200, strip=True)
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Chuyên mục",
        queryset=Category.objects.order_by("order", "name"),
        to_field_name="slug",
        required=False,
        empty_label="Tất cả chuyên mục",
        error_messages={"invalid_choice": "Chuyên mục này không có."},
    )
    topic: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Chủ đề",
        queryset=Topic.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Tất cả chủ đề",
        error_messages={"invalid_choice": "Chủ đề này không có."},
    )
    since = _date_field("Từ ngày")
    until = _date_field("Đến ngày")
    order = forms.ChoiceField(
        label="Sắp xếp",
        required=False,
        choices=[("", "Phù hợp nhất"), (NEWEST, "Mới nhất")],
        error_messages={"invalid_choice": "Cách sắp xếp này không có."},
    )

    # Form field -> URL parameter: the URL speaks Vietnamese.
    NAMES = {
        "category": "chuyen-muc",
        "topic": "chu-de",
        "since": "tu",
        "until": "den",
        "order": "sap-xep",
    }

    def __init__(self, query, **kwargs):
        super().__init__(query, auto_id="search-page-%s", **kwargs)

    def add_prefix(self, field_name):
        # Fields are read from, and rendered with, the URL's names.
        return self.NAMES.get(field_name, field_name)

    def full_clean(self):
        super().full_clean()
        # A date picker cannot show a day that does not exist ("2024-13-01"
        # is invalid HTML in it): the field is emptied, its error stays.
        wrong = [name for name in ("since", "until") if name in self.errors]
        if wrong:
            data = dict(self.data.items())
            for name in wrong:
                data[self.add_prefix(name)] = ""
            self.data = data

    def clean(self):
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "Ngày kết thúc phải sau ngày bắt đầu.")
        return data

    def value(self, name):
        """A cleaned value, or None when it was invalid or not given."""
        cleaned: dict = getattr(self, "cleaned_data", None) or {}
        return cleaned.get(name) or None

    @property
    def asks(self):
        """Whether there is anything to search for (words, codes or a filter)."""
        return any(self.value(name) for name in ("q", "category", "topic", "since", "until"))


def find(form: SearchForm):
    """The public articles the (validated) form asks for, best match first or
    newest first. Filters alone list the newest articles they allow; an
    invalid filter is left out (the form shows why)."""
    articles = Article.objects.published().for_listing()
    if form.value("category"):
        articles = articles.filter(category=form.value("category"))
    if form.value("topic"):
        articles = articles.filter(topics=form.value("topic"))
    if form.value("since"):
        articles = articles.filter(published_at__gte=_start_of(form.value("since")))
    if form.value("until"):
        articles = articles.filter(published_at__lt=_start_of(form.value("until"), days=1))
    if form.value("q"):
        # Pages stop at COUNT_CAP results: ranking more matches than that
        # (and the one that says there are more) would rank rows nobody sees.
        newest = form.value("order") == NEWEST
        return articles.search(form.value("q"), newest=newest, candidates=COUNT_CAP + 1)
    return articles.order_by("-published_at", "-pk")


def _start_of(day, days=0):
    """The first moment of `day` (+ `days`) in the portal's time zone."""
    moment = datetime.combine(day, time.min) + timedelta(days=days)
    return timezone.make_aware(moment)


class CappedPaginator(capped.CappedPaginator):
    """Search results capped at COUNT_CAP (read when the paginator is made)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = COUNT_CAP

    def _get_page(self, rows, number, paginator):
        """The page of `rows` (a slice of the results) in two steps: the ids
        in the results' order, then their articles (still public). In one
        query the database sorted the candidates' whole rows to order them,
        and a deep page sorts all of them."""
        ids = list(rows.values_list("pk", flat=True))
        found = Article.objects.published().for_listing().in_bulk(ids)
        page = [found[pk] for pk in ids if pk in found]
        return super()._get_page(page, number, paginator)  # type: ignore[misc]  # documented hook
