"""Why an operation on a call was refused, in words the coordinator can act on."""


class CallError(Exception):
    """Base for refusals; ``message`` is shown to the user as is."""

    def __init__(self, message, missing=None):
        super().__init__(message)
        self.message = message
        self.missing = list(missing or [])

    def __str__(self):
        return "\n".join([self.message, *self.missing])


class CallNotReady(CallError):
    """The call cannot open yet; ``missing`` lists each missing translation."""
