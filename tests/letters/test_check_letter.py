"""The check_letter command: one line per file, accept or refuse, and never a failure."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.letters import samples

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture
def letters(tmp_path):
    files = {
        "letter.pdf": samples.pdf("Fundación Tribu supports the Municipality.", pages=2),
        "signed.pdf": samples.signed_pdf("Carolina Leitao"),
        "tampered.pdf": samples.tampered_signed_pdf(),
        "scan.jpg": samples.jpeg(800, 1100),
        "carta.pdf": samples.html_named_pdf(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def check_letter(*paths) -> list[str]:
    output = io.StringIO()
    with translation.override("en"):
        call_command("check_letter", *map(str, paths), stdout=output)
    return output.getvalue().splitlines()


def test_it_prints_one_line_per_file(letters):
    missing = letters / "missing.pdf"

    lines = check_letter(
        letters / "letter.pdf",
        letters / "signed.pdf",
        letters / "tampered.pdf",
        letters / "scan.jpg",
        letters / "carta.pdf",
        missing,
    )

    assert lines == [
        f"accept {letters / 'letter.pdf'} (PDF, 2 pages, signature: none)",
        f"accept {letters / 'signed.pdf'} "
        "(PDF, 1 page, signature: Carolina Leitao 2024-01-24 16:19 -03:00)",
        f"accept {letters / 'tampered.pdf'} (PDF, 1 page, signature: Carolina Leitao "
        "2024-01-24 16:19 -03:00 (does not match the document))",
        f"accept {letters / 'scan.jpg'} (JPEG, 1 page, signature: none)",
        f"refuse {letters / 'carta.pdf'}: This file is not a PDF, JPEG or PNG, whatever its "
        "name says. Please send the letter as a PDF, or a scan or photo of it as JPEG or PNG.",
        f"refuse {missing}: cannot be read (No such file or directory)",
    ]


def test_it_describes_signatures_that_do_not_cover_the_document(tmp_path):
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(samples.signed_pdf_changed_after_signing())
    unreadable = tmp_path / "unreadable.pdf"
    unreadable.write_bytes(samples.signed_pdf_with_unreadable_signature())

    changed_line, unreadable_line = check_letter(changed, unreadable)

    assert changed_line == (
        f"accept {changed} (PDF, 1 page, signature: Carolina Leitao 2024-01-24 16:19 -03:00 "
        "(the document was changed after signing))"
    )
    assert unreadable_line.startswith(
        f"accept {unreadable} (PDF, 1 page, signature: unreadable (ValueError: "
    )


def test_it_exits_zero_even_when_it_refuses_files(letters):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check_letter",
            str(letters / "carta.pdf"),
            str(letters / "missing.pdf"),
        ],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        f"refuse {letters / 'carta.pdf'}",
        f"refuse {letters / 'missing.pdf'}",
    ]
