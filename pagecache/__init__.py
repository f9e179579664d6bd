"""The page cache: whole public pages and published fragments, kept until
something they show changes."""
