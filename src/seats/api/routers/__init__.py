"""API routers, one per area; each starts its reads from the access layer."""
