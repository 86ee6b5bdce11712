"""The status change shared by a member's plans and reports (``members.domain.set_status()``)
and the monitoring room's assessments (``monitoring.domain.set_assessment_status()``): the
move is checked against the room's ``enums.ALLOWED_TRANSITIONS``, the time of arrival stamped,
the row saved. Each room's door then writes its own history.
"""

from django.utils.translation import gettext as _

from .exceptions import TransitionRefused


def move_status(*, obj, to_status, statuses, allowed, stamps, now):
    """Move ``obj`` to ``to_status`` (a value of the enum ``statuses``) if ``allowed`` lets it,
    setting ``now`` on the field ``stamps`` names for the new status, if any; return the status
    it left. Refused with TransitionRefused, in the reader's language."""
    to_status = statuses(to_status)
    from_status = statuses(obj.status)
    if to_status not in allowed[from_status]:
        raise TransitionRefused(
            _("The %(kind)s is %(from)s and cannot become %(to)s.")
            % {
                "kind": obj._meta.verbose_name,
                "from": from_status.label.lower(),
                "to": to_status.label.lower(),
            }
        )
    obj.status = to_status
    fields = ["status", "updated_at"]
    if stamp := stamps.get(to_status):
        setattr(obj, stamp, now)
        fields.append(stamp)
    obj.save(update_fields=fields)
    return from_status
