"""The REST API (`/api/v1`) for providers' systems and scripts: same services, same scope."""
