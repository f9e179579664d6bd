"""The page cache: whole public pages and the fragments that change only
when something is published, kept until what they show changes.

Public surface:
- `expire(keys)`: the pages showing any of these surrogate keys are out of
  date (keys.py names them: "article-5", "category-2", "home"...). Apps do not
  call it for their models' saves: they register which keys a save or delete
  expires, and when their next scheduled change goes public (registry.py,
  from their AppConfig.ready()); the page cache imports no app.
- `public_page` (middleware.py): the view decorator that caches a page and
  sends its keys in the Surrogate-Key header; `keys.declare(request, ...)` for
  the keys a view only knows once it has looked its object up;
  CachedPageMiddleware answers cached pages at the top of the stack.
- `until_publish` (memo.py) and the `{% published_fragment %}` tag (library
  `fragments`): values and template fragments kept until the next expiry.
- `messages.DatedCookieStorage`: flash messages whose cookie expires, so a
  replayed one cannot keep a page out of the cache.

Expiry by key is for an HTTP cache in front (Varnish's xkey, a CDN), which
can find its pages by key and purge exactly those; `pages_expired`
(expiry.py) is sent with the keys once the change is committed. The in-app
store cannot find pages by key across processes and servers cheaply, so it
expires everything for any key: one bump of the page generation
(generation.py), which makes every page and fragment of every server stale
at once.
"""

from .expiry import expire, pages_expired

__all__ = ["expire", "pages_expired"]
