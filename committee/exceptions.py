"""Why the committee's room refused something, in words the person can act on."""

from applications.exceptions import ApplicationError


class DiscussionRefused(ApplicationError):
    pass


class CohortRefused(ApplicationError):
    pass
