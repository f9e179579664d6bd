"""Uploaded images, independent of any app: checking an upload and making it
a clean web image (`ingest`), its web renditions (`renditions`), the
encoding both share (`encoding`), and the `<picture>` markup of a rendition
description (`markup`). A plain package: no models, no app imports; it works
on Django files and storage only."""
