"""What every app of the portal shares: the Vietnamese texts used across
apps (texts.py), the answers to refused requests (errors.py), the client
address (client_ip.py), the CSP middleware and the inline stylesheet,
request guards, health probes, the request log and database-outage
middleware, the staff roles and their migration, the shared Redis cache
backend (cache.py), and the create_staff and ensure_database commands.

It imports no other app of the portal. Its app label is "vpcp_portal", the
name of the package it came from, so its migration, content types and
permissions stay as existing databases recorded them.
"""
