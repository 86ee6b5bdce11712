"""A government's identity: its country, its level and its name with the words that only
say what kind of government it is taken away.

"Metropolitan Regional Government of Santiago" and "Gobierno Regional Metropolitano de
Santiago" are one government: both reduce to the key "metropolitan santiago". Accents, case,
word order and the generic words of the four portal languages (English, Spanish, French,
Portuguese) do not count.
"""

import re
import unicodedata
from difflib import SequenceMatcher

# Words that name the kind of government or join words, in en/es/fr/pt (accents removed).
_GENERIC = """
    government gobierno gouvernement governo
    municipality municipal municipalidad municipio municipalite municipalidade municipale
    mairie prefeitura alcaldia ayuntamiento intendencia
    city council town county district ciudad ville cidade concejo conseil camara
    provincial province provincia region regional regiao departement departamento
    department state estado etat local autonomous autonoma autonomo
    of the and de del la las el los y du des le les et da do das dos e a
"""
GENERIC_WORDS = frozenset(_GENERIC.split())
# Words with one meaning and several spellings, reduced to one.
SYNONYMS = {
    "metropolitano": "metropolitan",
    "metropolitana": "metropolitan",
    "metropolitain": "metropolitan",
    "metropolitaine": "metropolitan",
    "metropole": "metropolitan",
    "metropoli": "metropolitan",
}
NEAR_MATCH_RATIO = 0.85


def fold(text: str) -> str:
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def name_key(name: str) -> str:
    """The part of a government's name that identifies it, e.g. "metropolitan santiago"."""
    words = re.findall(r"[a-z0-9]+", fold(name or ""))
    kept = sorted({SYNONYMS.get(word, word) for word in words} - GENERIC_WORDS)
    # A name made only of generic words ("Municipal Government") keeps its folded words.
    return " ".join(kept) or " ".join(sorted(set(words)))


def government_identity(*, country, level, name) -> tuple:
    return (str(getattr(country, "code", country) or ""), level or "", name_key(name))


def are_near(key_a: str, key_b: str) -> bool:
    """Different keys that are probably one government (a typo, a missing word)."""
    if key_a == key_b:
        return False
    if (
        key_a
        and key_b
        and (set(key_a.split()) <= set(key_b.split()) or set(key_b.split()) <= set(key_a.split()))
    ):
        return True
    return SequenceMatcher(None, key_a, key_b).ratio() >= NEAR_MATCH_RATIO
