"""Why an operation on a member, plan or report was refused, in words the user can act on."""


class MemberError(Exception):
    """Base for refusals; ``message`` is shown to the user as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(MemberError):
    """The user may not do this to this object."""


class TransitionRefused(MemberError):
    """The plan or report is not in a state that allows the change."""


class PlanIncomplete(MemberError):
    """The plan cannot be submitted yet."""
