"""The article page's read beacon."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.metrics import READS

from .counting import count_read


@csrf_exempt  # a beacon carries no token; the count is bounded per address
@never_cache
@require_POST
def read_beacon(request: HttpRequest, article_id: int) -> HttpResponse:
    """One read of a browser (counting.count_read). Always 204, counted or
    not: nothing to tell a bot."""
    counted = count_read(request=request, article_id=article_id)
    READS.labels("counted" if counted else "refused").inc()
    return HttpResponse(status=204)
