"""common.row_urls writes each row's link as reverse() would."""

import pytest
from django.urls import reverse
from django.utils import translation

from common.row_urls import row_url


@pytest.mark.parametrize("language", ["en", "es"])
def test_row_links_are_what_reverse_writes(language):
    with translation.override(language):
        for pk in (1, 7, 11, 1234567, 10):
            assert row_url("admin:applications_application_change", pk) == reverse(
                "admin:applications_application_change", args=[pk]
            )
        for reference in ("OGPL-2026-00001", "OGPL-2026-00100", "OGPL-2027-12345"):
            assert row_url("packet_download", reference, name="reference") == reverse(
                "packet_download", kwargs={"reference": reference}
            )
        for slug, letter_id in (("call-a", 3), ("call-b", 3), ("call_b-2026", 41)):
            assert row_url("public_letter", letter_id, name="letter_id", slug=slug) == reverse(
                "public_letter", kwargs={"slug": slug, "letter_id": letter_id}
            )


def test_a_value_that_appears_twice_in_its_link_is_reversed_row_by_row():
    # "/admin/…/application/1/…": with a first value of 1 the pattern is ambiguous only if 1
    # appears elsewhere; a value found twice falls back to reverse() and stays right.
    url = reverse("admin:applications_application_score", args=[2])
    assert row_url("admin:applications_application_score", 2) == url
    assert row_url("admin:applications_application_score", 22) == reverse(
        "admin:applications_application_score", args=[22]
    )


def test_a_value_reverse_refuses_is_refused_and_not_kept_as_the_pattern(monkeypatch):
    from django.urls import NoReverseMatch

    from common import row_urls

    monkeypatch.setattr(row_urls, "_samples", {})  # as in a process that has seen no row yet
    with pytest.raises(NoReverseMatch):  # the first value seen, and not one the URL accepts
        row_url("packet_download", "OGPL-NOT-A-REFERENCE", name="reference")
    assert row_urls._samples == {}
    assert row_url("packet_download", "OGPL-2026-00042", name="reference") == reverse(
        "packet_download", kwargs={"reference": "OGPL-2026-00042"}
    )
