from rest_framework.pagination import CursorPagination


class ByIdCursor(CursorPagination):
    """Cursor pages in creation order: stable while rows are added, one query per page."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response_schema(self, schema):
        """DRF's, with "no next page" as JSON Schema 2020-12 says it (OpenAPI 3.1)."""
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }
