"""Where a paper's PDF is kept: written to the storage before its row exists, deleted again
if the action that wrote it fails, refused with a sentence if the storage cannot take it (a
full or read-only disk), so that nothing uploaded is half kept."""

import errno
import hashlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from workshop.models import Workshop

from . import pdfcheck
from .models import PaperVersion, paper_file_name

logger = logging.getLogger(__name__)


@contextmanager
def atomic_keeping_files_on_success():
    """One transaction; the PDFs written inside it are deleted again if it fails, so that a
    refused or failed action leaves neither a row nor a file behind."""
    written: list[str] = []
    try:
        with transaction.atomic():
            yield written
    except BaseException:
        for name in written:
            _delete_quietly(name)
        raise


_FILES = PaperVersion._meta.get_field("file")


@dataclass(frozen=True)
class StoredFile:
    name: str
    sha256: str


def write(workshop: Workshop, data: bytes, rules: pdfcheck.PdfRules, written: list[str]):
    """Put the copy to keep (identifying metadata stripped under double-blind review) on the
    storage. Verbs call it before they lock anything: under a deadline rush every paper of a
    workshop waits for the lock that numbers them, and should not wait for this too."""
    stored = data
    if rules.anonymity != "off":
        stored = pdfcheck.strip_identifying_metadata(data, rules)
    name = paper_file_name(workshop.pk)  # random: the storage keeps it as it is
    try:
        name = _FILES.storage.save(name, ContentFile(stored), max_length=_FILES.max_length)
    except OSError as failure:  # a full or unwritable disk: refuse, keep nothing
        logger.error("Could not store a paper of %s as %s.", workshop.slug, name, exc_info=True)
        _delete_quietly(name)  # a partly written file, if any
        raise ValidationError({"pdf": [_storage_failure(failure)]}) from failure
    written.append(name)
    return StoredFile(name=name, sha256=hashlib.sha256(stored).hexdigest())


def _storage_failure(failure: OSError) -> str:
    why = {
        errno.ENOSPC: "its disk is full",
        errno.EDQUOT: "its disk quota is used up",
        errno.EROFS: "its storage is read-only",
        errno.EACCES: "it may not write to its storage",
        errno.EPERM: "it may not write to its storage",
    }.get(failure.errno, "its storage failed")
    return (
        f"The server could not store your PDF ({why}), so nothing was saved. "
        "The error is logged; please try again later."
    )


def _delete_quietly(name: str) -> None:
    try:
        _FILES.storage.delete(name)
    except OSError:  # a read-only disk has nothing to clean up
        logger.warning("Could not delete the partly written %s.", name, exc_info=True)
