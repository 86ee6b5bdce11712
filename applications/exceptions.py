"""Why an operation on an application was refused, in words the applicant can act on."""


class ApplicationError(Exception):
    """Base for refusals; ``message`` is shown to the user as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ApplicationLocked(ApplicationError):
    """The application can no longer be changed by its applicants."""


class DuplicateApplication(ApplicationError):
    """The government already applies to the call; ``application`` is that application."""

    def __init__(self, message, application=None):
        super().__init__(message)
        self.application = application


class CountryNotEligible(ApplicationError):
    """The government's country is not among the call's eligible countries."""


class EditConflict(ApplicationError):
    """Someone else saved the same part since the user loaded it."""


class TransitionNotAllowed(ApplicationError):
    pass


class SubmissionRefused(ApplicationError):
    """Submission refused; ``reasons`` lists every missing piece."""

    def __init__(self, message, reasons=()):
        super().__init__(message)
        self.reasons = list(reasons)


class InvitationInvalid(ApplicationError):
    pass
