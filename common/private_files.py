"""Answering a permission-checked download of a private file (a letter, a packet).

The view has already decided that the user may have the file. On the local disk the file is
streamed. On object storage it is streamed too, unless PRIVATE_FILES_REDIRECT is on: then the
browser is sent to a signed URL that is valid for S3_SIGNED_URL_SECONDS only and names the
file to save as. The bucket itself is never readable without a signature.
"""

from django.conf import settings
from django.http import FileResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header


def private_file_response(field_file, *, filename: str, content_type: str):
    storage = field_file.storage
    if settings.PRIVATE_FILES_REDIRECT and _is_object_storage(storage):
        url = storage.url(
            field_file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, filename),
                "ResponseContentType": content_type,
                "ResponseCacheControl": "private, no-store",
            },
            expire=settings.S3_SIGNED_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(
            field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _is_object_storage(storage) -> bool:
    try:
        storage.path("probe")
    except NotImplementedError:
        return True
    return False
