"""Kept only for the migrations: 0001, 0004 and 0007 name the image validator
by its dotted path (`articles.images.validate_image`, and its earlier name
`validate_lead_image`), and Django imports that path whenever it loads them.
The validator itself lives in `images.ingest`."""

from images.ingest import validate_image

validate_lead_image = validate_image

__all__ = ["validate_image", "validate_lead_image"]
