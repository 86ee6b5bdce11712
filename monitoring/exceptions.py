"""Refusals of the monitoring room: the members room's (``message`` shown as is), plus one."""

from members.exceptions import MemberError, NotAllowed, TransitionRefused


class NotIndependent(NotAllowed):
    """The same person would be both an editor and a monitor of one member."""


__all__ = ["MemberError", "NotAllowed", "NotIndependent", "TransitionRefused"]
