from django import template

from members.enums import Status

register = template.Library()


@register.simple_tag
def milestone_progress(commitment):
    """Done and total milestones of a commitment, from its prefetched milestones."""
    milestones = list(commitment.milestones.all())
    done = sum(1 for milestone in milestones if milestone.is_done)
    percent = round(100 * done / len(milestones)) if milestones else 0
    # Bootstrap has width classes for 0, 25, 50, 75 and 100 (no inline styles: CSP).
    step = min((0, 25, 50, 75, 100), key=lambda value: abs(value - percent))
    return {"done": done, "total": len(milestones), "percent": percent, "step": step}


@register.filter
def published_report(commitment):
    report = getattr(commitment, "report", None) if _has_report(commitment) else None
    return report if report is not None and report.status == Status.PUBLISHED else None


def _has_report(commitment):
    try:
        commitment.report  # noqa: B018 (reading the reverse one-to-one may raise)
    except commitment._meta.model.report.RelatedObjectDoesNotExist:
        return False
    return True


@register.filter
def has_report(commitment):
    return _has_report(commitment)
