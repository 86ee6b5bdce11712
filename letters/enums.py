from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    INTENT = "intent", _("Government letter of intent")
    CIVIL_SOCIETY = "civil_society", _("Civil-society letter of support")
    PEER = "peer", _("Peer government letter of support")


class LetterStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    REPLACED = "replaced", _("Replaced")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SignatureStatus(models.TextChoices):
    NONE = "none", _("Not digitally signed")
    INTACT = "intact", _("Signature matches the document (signer's certificate not verified)")
    BROKEN = "broken", _("Signature does not match the document")
    UNREADABLE = "unreadable", _("Signature could not be read")
