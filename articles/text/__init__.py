"""Vietnamese text: how stored text is normalised and folded (normalize.py),
slugs made from it (slugs.py), what an article body may hold (sanitize.py,
with office_paste.py tidying what Word leaves) and the body editor's
features, which the sanitizer's allowlist is derived from (editor.py).

The normalising functions are the package's public surface, importable from
here: migration 0006 imports `clean_line` and `clean_text` by this path.
"""

from .normalize import (
    clean_fields_text,
    clean_line,
    clean_text,
    fold,
    highlight,
    search_terms,
    vietnamese_slugify,
    words,
    xml_safe,
)

__all__ = [
    "clean_fields_text",
    "clean_line",
    "clean_text",
    "fold",
    "highlight",
    "search_terms",
    "vietnamese_slugify",
    "words",
    "xml_safe",
]
