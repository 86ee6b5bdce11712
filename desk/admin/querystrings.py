"""Odd query strings on the desk's lists (issue 18 item 6): a filter the database cannot take
(a year out of range such as ``submitted_at__year=99999``, a number beyond its column, a NUL
byte) is refused as Django refuses an unknown filter: back to the list with "?e=1"
(IncorrectLookupParameters), never a server error. Django builds such a lookup without
complaint and fails only when the list is read, so the reading is what is guarded, inside a
savepoint so the request's transaction survives a refusal by the database."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.db import DatabaseError, transaction

ODD_INPUT = (ValueError, OverflowError, DatabaseError)


def guard_changelist(changelist_class):
    class GuardedChangeList(changelist_class):
        def get_queryset(self, request, exclude_parameters=None):
            # The date hierarchy's bounds are made here (OverflowError past C's long).
            try:
                return super().get_queryset(request, exclude_parameters)
            except (ValueError, OverflowError) as error:
                raise IncorrectLookupParameters(error) from error

        def get_results(self, request):
            try:
                with transaction.atomic():
                    super().get_results(request)
            except ODD_INPUT as error:
                raise IncorrectLookupParameters(error) from error

    GuardedChangeList.__name__ = changelist_class.__name__
    GuardedChangeList.__qualname__ = changelist_class.__qualname__
    return GuardedChangeList


def refuse_odd_query_strings(site) -> None:
    """Every list registered on ``site`` (the portal's and the libraries' admins) is guarded;
    called once, after every registration (desk/admin/__init__.py)."""
    for model_admin in site._registry.values():
        get_changelist = model_admin.get_changelist

        def guarded(request, _get_changelist=get_changelist, **kwargs):
            return guard_changelist(_get_changelist(request, **kwargs))

        model_admin.get_changelist = guarded
