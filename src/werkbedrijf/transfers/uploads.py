"""Refusing an oversized upload before it is read.

Django spools an upload above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file (DATA_UPLOAD_MAX_MEMORY_SIZE
counts only the form's other fields), but it would still read 100 MB from the client. `too_large` answers from
the Content-Length header before the body is touched; SizeLimitHandler, put in front of Django's handlers
before the body is parsed, stops reading a body without (or with a false) Content-Length at the limit."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from .reading import limits

# Room for the multipart boundaries and the other form fields.
MULTIPART_OVERHEAD = 64 * 1024


def too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limits().max_bytes + MULTIPART_OVERHEAD


class SizeLimitHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.max_bytes = limits().max_bytes
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_upload(request) -> SizeLimitHandler:
    handler = SizeLimitHandler(request)
    request.upload_handlers.insert(0, handler)
    return handler
