"""Submit an admin form as a browser would: the values a page's form sends as it stands."""

from html.parser import HTMLParser


class _FormValues(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values = []  # (name, value) pairs, in the page's order
        self._select = None
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._option = attrs.get("value")
            if self._option is not None:
                self.values.append((self._select, self._option))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # The HTML parser keeps the newline browsers drop after <textarea>.
            self.values.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_values(response, form_id) -> dict:
    """``{name: value}`` (a list for names sent more than once) of the form ``form_id``."""
    parser = _FormValues(form_id)
    parser.feed(response.content.decode())
    values = {}
    for name, value in parser.values:
        if name in values:
            previous = values[name]
            values[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            values[name] = value
    return values
