"""Why a review operation was refused, in words the coordinator or reviewer can act on."""

from applications.exceptions import ApplicationError


class ReviewRefused(ApplicationError):
    """A review could not be saved or submitted; ``message`` says why."""


class AssignmentRefused(ApplicationError):
    pass


class ConflictRefused(ApplicationError):
    pass


class StageChangeRefused(ApplicationError):
    pass


class DecisionRefused(ApplicationError):
    pass


class CriterionRefused(ApplicationError):
    pass
