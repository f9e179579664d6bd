"""The article page's read beacon."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.errors import api_error
from core.metrics import READS

from .counting import count_read
from .selectors import is_public_article

ARTICLE_NOT_FOUND = "Không tìm thấy bài viết"


@csrf_exempt  # a beacon carries no token; the count is bounded per address and network
@never_cache
@require_POST
def read_beacon(request: HttpRequest, article_id: int) -> HttpResponse:
    """One read of a browser (counting.count_read): 204, counted or not
    (nothing to tell a bot); a 404 JSON refusal, with nothing stored, for an
    id that is not a public article."""
    if not is_public_article(article_id):
        READS.labels("refused").inc()
        return api_error(404, ARTICLE_NOT_FOUND)
    counted = count_read(request=request, article_id=article_id)
    READS.labels("counted" if counted else "refused").inc()
    return HttpResponse(status=204)
