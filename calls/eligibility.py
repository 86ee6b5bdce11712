"""Which countries' local governments may apply to a call.

OGP Local is open to local governments of countries that take part in the Open Government
Partnership. ``OGP_PARTICIPATING_COUNTRIES`` is the default list a new call starts with
(ISO 3166-1 alpha-2 codes); each call keeps its own copy, which coordinators edit when a
country joins, leaves or is inactive.
"""

OGP_PARTICIPATING_COUNTRIES = (
    "AL", "AM", "AR", "AU", "BA", "BF", "BG", "BR", "CA", "CI", "CL", "CO", "CR", "CV", "CZ",
    "DE", "DK", "DO", "EC", "EE", "ES", "FI", "FR", "GB", "GE", "GH", "GR", "GT", "HN", "HR",
    "ID", "IE", "IL", "IT", "JM", "JO", "KE", "KG", "KR", "LK", "LR", "LT", "LU", "LV", "MA",
    "MD", "ME", "MK", "MN", "MT", "MV", "MW", "MX", "NG", "NL", "NO", "NZ", "PA", "PE", "PG",
    "PH", "PK", "PT", "PY", "RO", "RS", "SC", "SE", "SK", "SI", "SL", "SN", "SV", "TN", "UA",
    "US", "UY", "ZA",
)  # fmt: skip


def default_eligible_countries():
    return list(OGP_PARTICIPATING_COUNTRIES)
