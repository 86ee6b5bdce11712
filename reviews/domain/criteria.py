"""The call's scoring criteria: the defaults, changes and removal."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from calls.domain import in_every_language

from ..defaults import DEFAULT_CRITERIA, DEFAULT_SCALE
from ..exceptions import CriterionRefused
from ..models import Criterion
from .common import with_history_author
from .ranking import _refresh_call

# Criteria ---------------------------------------------------------------------------------


@transaction.atomic
def add_default_criteria(*, call) -> list[Criterion]:
    """Give a call without criteria OGP Local's eight minimum criteria, in every language."""
    if call.criteria.exists():
        return list(call.criteria.all())
    scale_min, scale_max = DEFAULT_SCALE
    criteria = bulk_create_with_history(
        [
            Criterion(
                call=call,
                **in_every_language("name", spec["name"]),
                **in_every_language("guidance", spec["guidance"]),
                scale_min=scale_min,
                scale_max=scale_max,
                position=position,
            )
            for position, spec in enumerate(DEFAULT_CRITERIA, start=1)
        ],
        Criterion,
    )
    _refresh_call(call)  # the scale's width flags a large spread
    return criteria


# ``name`` and ``guidance`` set the active language's text; ``name_es``, ``guidance_fr``, … one
# language's (reviews/translation.py), as the desk edits them side by side.
CRITERION_FIELDS = {"name", "guidance", "weight", "position", "scale_min", "scale_max"} | {
    f"{field}_{code}" for field in ("name", "guidance") for code, _name in settings.LANGUAGES
}


@transaction.atomic
def save_criterion(*, criterion, by, **changes) -> Criterion:
    """Create or change a criterion of a call (coordinators only). The scale of a criterion
    reviewers have already scored cannot change; the history names ``by``."""
    if not by.has_perm("accounts.coordinate"):
        raise CriterionRefused(_("Only coordinators change the criteria."))
    unknown = set(changes) - CRITERION_FIELDS
    if unknown:
        raise CriterionRefused(
            _("These fields of a criterion cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if criterion.pk is not None:
        criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    for field, value in changes.items():
        setattr(criterion, field, value)
    try:
        criterion.full_clean()
    except ValidationError as invalid:
        raise CriterionRefused(" ".join(invalid.messages)) from invalid
    created = criterion.pk is None
    with_history_author(criterion, by).save()
    if created or changes.keys() & {"weight", "scale_min", "scale_max"}:
        _refresh_call(criterion.call)
    return criterion


@transaction.atomic
def remove_criterion(*, criterion, by) -> None:
    """Remove a criterion nobody has scored yet (coordinators only)."""
    if not by.has_perm("accounts.coordinate"):
        raise CriterionRefused(_("Only coordinators change the criteria."))
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    if criterion.scores.exists():
        raise CriterionRefused(
            _("Reviewers have already scored %(criterion)s; it stays.") % {"criterion": criterion}
        )
    with_history_author(criterion, by).delete()
    _refresh_call(criterion.call)
