"""The staff-only view of stored media: what a preview, the admin's
thumbnail and the editor show of an upload that is not public yet."""

import mimetypes

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .storage import private_storage

# Only what ingest writes is answered as an image; anything else is a download.
_IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}


@require_safe
@never_cache
def private_media(request, name):
    """Stream the private file `name` to a signed-in staff member, or
    redirect them to its public copy once it is published. Anyone else gets
    a 404, as does a name neither storage has (or a path outside them)."""
    user = request.user
    if not (user.is_active and user.is_staff):
        raise Http404
    private = private_storage()
    try:
        if private.exists(name):
            guessed, _ = mimetypes.guess_type(name)
            content_type = guessed if guessed in _IMAGE_TYPES else "application/octet-stream"
            return FileResponse(private.open(name, "rb"), content_type=content_type)
        if default_storage.exists(name):
            return HttpResponseRedirect(default_storage.url(name))
    except (SuspiciousFileOperation, ValueError):
        pass
    raise Http404
