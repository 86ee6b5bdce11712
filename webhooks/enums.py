from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    APPLICATION_SUBMITTED = "application.submitted", _("Application submitted")
    DECISION_RELEASED = "decision.released", _("Decision released")
    PLAN_PUBLISHED = "plan.published", _("Action plan published")
    REPORT_PUBLISHED = "report.published", _("Report and assessment published")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    RETRYING = "retrying", _("Retrying")
    FAILED = "failed", _("Failed")
    REFUSED = "refused", _("Refused (private address)")
