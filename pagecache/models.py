"""No models. This module is here because Django sends post_migrate only for
apps that have a models module, and the page cache expires every page after
a migrate (PagecacheConfig.ready)."""
