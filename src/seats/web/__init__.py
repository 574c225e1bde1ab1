"""The web application for every role (server-rendered; works without JavaScript)."""
