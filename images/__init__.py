"""Uploaded images, independent of any app: checking and cleaning an upload
(`ingest`), its web renditions (`renditions`) and their `<picture>` markup
(`markup`). A plain package: no models, no app imports; it works on Django
files and storage only."""
