"""Which OGP region a country belongs to, for balancing a cohort.

OGP groups its members in four regions; countries follow OGP's own grouping (the Caucasus and
Türkiye with Europe, North Africa and the Middle East together). Territories without a region
stay unassigned.
"""

from django.db.models import Case, CharField, Value, When

from .enums import Region


def _codes(text: str) -> list[str]:
    return text.split()


COUNTRIES_BY_REGION = {
    Region.AFRICA_MIDDLE_EAST: _codes(
        "AE AO BF BH BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IL IQ IR "
        "JO KE KM KW LB LR LS LY MA MG ML MR MU MW MZ NA NE NG OM PS QA RE RW SA SC SD SH SL "
        "SN SO SS ST SY SZ TD TG TN TZ UG YE YT ZA ZM ZW"
    ),
    Region.AMERICAS: _codes(
        "AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GS GT "
        "GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT US UY VC VE VG VI"
    ),
    Region.ASIA_PACIFIC: _codes(
        "AF AS AU BD BN BT CC CK CN CX FJ FM GU HK ID IN IO JP KG KH KI KP KR KZ LA LK MH MM "
        "MN MO MP MV MY NC NF NP NR NU NZ PF PG PH PK PN PW SB SG TH TJ TK TL TM TO TV TW UM "
        "UZ VN VU WF WS"
    ),
    Region.EUROPE: _codes(
        "AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU IE "
        "IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR UA VA XK"
    ),
}

REGION_OF_COUNTRY = {
    code: region for region, codes in COUNTRIES_BY_REGION.items() for code in codes
}


def region_of(country_code) -> Region | None:
    return REGION_OF_COUNTRY.get(str(country_code or ""))


def region_expression(country_field: str) -> Case:
    """The region of the country in ``country_field``, computed by the database."""
    return Case(
        *(
            When(**{f"{country_field}__in": codes}, then=Value(region.value))
            for region, codes in COUNTRIES_BY_REGION.items()
        ),
        default=Value(""),
        output_field=CharField(),
    )
