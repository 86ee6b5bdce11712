"""Numbers read from a query string: an ASCII integer within bounds, or None (no filter), never
an error. ``str.isdigit()`` alone accepts "²" and Arabic-Indic digits, and a year past 9999 is
no date."""


def int_param(query, name: str, *, minimum: int = 0, maximum: int = 2**31 - 1) -> int | None:
    value = query.get(name, "")
    if not (isinstance(value, str) and value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def text_param(query, name: str, *, max_length: int = 100) -> str:
    """A short text filter without the characters no database column holds (NUL)."""
    value = query.get(name, "")
    return value.replace("\x00", "")[:max_length] if isinstance(value, str) else ""
