"""Promotion to staff ends the account's sessions (issue 18 item 2).

An account becomes staff by joining a staff group (coordinator, reviewer) or by having
``is_staff`` or ``is_superuser`` ticked, through the domain (``appoint_coordinator``,
``reviews.domain.enlist_reviewer``), the desk or the shell. Whichever way, the receivers here
move the account's ``session_generation`` on: every session signed in before then (as an
applicant, by password alone) ends at its next request, since the hash it keeps of the account
no longer matches (``User.get_session_auth_hash``). Nothing is read from the session store, so
this holds for database and cache sessions alike.
"""

from django.db.models import F

from .roles import COORDINATOR_GROUP, REVIEWER_GROUP

STAFF_FLAGS = ("is_staff", "is_superuser")


def end_sessions(*, user_ids, instance=None) -> None:
    """Every session of these accounts stops at its next request."""
    from .models import User

    User.objects.filter(pk__in=user_ids).update(session_generation=F("session_generation") + 1)
    if instance is not None:  # keep the object in hand in step (a later full save writes it)
        instance.session_generation = (
            User.objects.filter(pk=instance.pk).values_list("session_generation", flat=True).get()
        )


def _staff_group_ids(pk_set) -> set:
    from django.contrib.auth.models import Group

    return set(
        Group.objects.filter(
            pk__in=pk_set or (), name__in=[COORDINATOR_GROUP, REVIEWER_GROUP]
        ).values_list("pk", flat=True)
    )


def staff_group_joined(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed on User.groups, from either side (user.groups.add, group.user_set.add)."""
    if action != "post_add" or not pk_set:
        return
    if not reverse:
        if _staff_group_ids(pk_set):
            end_sessions(user_ids=[instance.pk], instance=instance)
    elif instance.name in (COORDINATOR_GROUP, REVIEWER_GROUP):
        end_sessions(user_ids=pk_set)


def staff_flag_ticked(sender, instance, update_fields=None, raw=False, **kwargs):
    """pre_save on User: ``is_staff`` or ``is_superuser`` goes from off to on."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(STAFF_FLAGS):
        return
    if not any(getattr(instance, flag) for flag in STAFF_FLAGS):
        return
    before = sender.objects.filter(pk=instance.pk).values(*STAFF_FLAGS).first()
    if before is None:
        return
    if any(getattr(instance, flag) and not before[flag] for flag in STAFF_FLAGS):
        end_sessions(user_ids=[instance.pk], instance=instance)


def authenticator_activated(sender, request=None, user=None, authenticator=None, **kwargs):
    """allauth.mfa's authenticator_added: activating a TOTP authenticator takes a right code
    from it, so the session that enrolled has given the second factor (recorded as allauth
    records a code given at sign-in)."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    if request is None or authenticator is None or authenticator.type != Authenticator.Type.TOTP:
        return
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
    )


def connect():
    from allauth.mfa.signals import authenticator_added
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, pre_save

    authenticator_added.connect(authenticator_activated, dispatch_uid="accounts_mfa_enrolled")
    user_model = get_user_model()
    m2m_changed.connect(
        staff_group_joined, sender=user_model.groups.through, dispatch_uid="accounts_staff_group"
    )
    pre_save.connect(staff_flag_ticked, sender=user_model, dispatch_uid="accounts_staff_flag")
