class RecordsError(Exception):
    """A refusal whose message the page shows as is."""
