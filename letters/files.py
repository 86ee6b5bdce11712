"""A letter's file as a download response (for the applicant's, the staff's and the public's
pages)."""

from common.private_files import private_file_response


def letter_file_response(letter):
    return private_file_response(
        letter.file, filename=letter.original_filename, content_type=letter.content_type
    )
