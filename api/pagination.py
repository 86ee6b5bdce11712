from rest_framework.pagination import CursorPagination


class ByIdCursor(CursorPagination):
    """Cursor pages in creation order: stable while rows are added, one query per page."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
