"""Every translatable string has a translation in every enabled language, and the catalogues compile.

The enabled languages are settings.LANGUAGES (English is the source). The check runs
``makemessages -l es -l fr -l pt`` on a copy of the project, so that a string added to the
code or a template without its translation fails here, without touching the real catalogues.
Strings land where makemessages puts them: the catalogue of the app whose folder holds them
(``packets/locale``, ``reviews/locale``) or the project catalogue (``locale/``).
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

# Every language the portal offers except the one its strings are written in.
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]
PLURAL_FORMS = {
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "pt": "nplurals=2; plural=(n != 1);",
}
CATALOGUE_FOLDERS = [
    "desk/locale",
    "locale",
    "members/locale",
    "monitoring/locale",
    "packets/locale",
    "reviews/locale",
]

REPO_ROOT = Path(__file__).resolve().parents[2]

# Not part of the translatable source: tools, generated or installed files, and the tests.
SKIPPED = {
    "var",
    "test-artifacts",
    "node_modules",
    "benchmarks",
    "tests",
    "static",
    "docs",
    "__pycache__",
    "db.sqlite3",
}
IGNORE = [f"--ignore={name}" for name in (".venv", ".git", *sorted(SKIPPED))]


def _skip(directory, names):
    return {
        name
        for name in names
        if name in SKIPPED or name.startswith(".") or name.endswith((".egg-info", ".mo", ".pyc"))
    }


def _manage(cwd, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _unquote(line):
    body = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def parse_po(path):
    """The live entries of a .po file: dicts with msgctxt, msgid, msgid_plural, msgstr{n}, fuzzy.

    Obsolete entries (``#~``) are left out; the header is the entry whose msgid is empty.
    """
    entries = []
    for block in re.split(r"\n\s*\n", Path(path).read_text(encoding="utf-8")):
        entry = {"fuzzy": False, "msgstr": {}}
        field = None
        for line in block.splitlines():
            line = line.strip()
            if not line or line.startswith("#~"):
                continue
            if line.startswith("#,"):
                entry["fuzzy"] |= "fuzzy" in [flag.strip() for flag in line[2:].split(",")]
                continue
            if line.startswith("#"):
                continue
            match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s", line)
            if match:
                keyword, index = match.groups()
                field = ("msgstr", int(index or 0)) if keyword.startswith("msgstr") else keyword
                value = _unquote(line)
            else:
                value = _unquote(line)  # a continuation line
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] = entry["msgstr"].get(field[1], "") + value
            else:
                entry[field] = entry.get(field, "") + value
        if "msgid" in entry:
            entries.append(entry)
    return entries


def _describe(entry):
    context = f"[{entry['msgctxt']}] " if "msgctxt" in entry else ""
    return f"{context}{entry['msgid']!r}"


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """A copy of the project whose catalogues makemessages has just updated, every language."""
    for tool in ("xgettext", "msgmerge", "msgfmt"):
        assert shutil.which(tool), f"{tool} is missing: install gettext (make system-packages)"
    copy = tmp_path_factory.mktemp("project") / "portal"
    shutil.copytree(REPO_ROOT, copy, ignore=_skip, symlinks=True)
    languages = [argument for code in TRANSLATED for argument in ("-l", code)]
    result = _manage(copy, "makemessages", *languages, *IGNORE)
    assert result.returncode == 0, result.stdout + result.stderr
    catalogues = sorted(copy.glob("**/locale/*/LC_MESSAGES/django.po"))
    return copy, catalogues


def test_every_enabled_language_has_a_catalogue_in_each_place(fresh_catalogues):
    copy, catalogues = fresh_catalogues
    assert {"es", "fr", "pt"} <= set(TRANSLATED)
    assert [str(path.relative_to(copy)) for path in catalogues] == sorted(
        f"{folder}/{code}/LC_MESSAGES/django.po"
        for folder in CATALOGUE_FOLDERS
        for code in TRANSLATED
    )


def test_every_string_has_a_translation_in_every_language(fresh_catalogues):
    copy, catalogues = fresh_catalogues
    problems = []
    for path in catalogues:
        name = path.relative_to(copy)
        for entry in parse_po(path):
            if entry["msgid"] == "":
                continue  # the header
            expected = 2 if "msgid_plural" in entry else 1
            forms = [entry["msgstr"].get(index, "") for index in range(expected)]
            if entry["fuzzy"]:
                problems.append(f"{name}: fuzzy: {_describe(entry)}")
            elif not all(forms):
                problems.append(f"{name}: untranslated: {_describe(entry)}")
    assert not problems, "Translations missing or to review:\n" + "\n".join(problems)


def test_catalogues_name_their_language_and_its_plural_forms(fresh_catalogues):
    copy, catalogues = fresh_catalogues
    for path in catalogues:
        code = path.parts[-3]
        header = next(entry for entry in parse_po(path) if entry["msgid"] == "")
        assert f"Language: {code}\n" in header["msgstr"][0], path.relative_to(copy)
        # A language added later needs only its own Plural-Forms line, checked by msgfmt.
        plural_forms = PLURAL_FORMS.get(code, "nplurals=")
        assert f"Plural-Forms: {plural_forms}" in header["msgstr"][0], path.relative_to(copy)
        assert not header["fuzzy"], path.relative_to(copy)


def test_the_catalogues_compile(fresh_catalogues):
    """compilemessages runs msgfmt --check-format: placeholders must match their msgid."""
    copy, catalogues = fresh_catalogues
    result = _manage(copy, "compilemessages", *IGNORE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stderr.lower(), result.stderr
    for path in catalogues:
        assert path.with_suffix(".mo").stat().st_size > 0
