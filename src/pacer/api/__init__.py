"""Pacer's REST API (django-ninja); the OpenAPI schema is served at /api/openapi.json."""
