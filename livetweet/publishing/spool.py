"""The photos of queued posts, kept until they are sent: the spool.

A post may go out minutes or days after it was queued (a network down, a
crash, ``resume`` the next morning), and by then the operator may have moved,
renamed or deleted the photo. So ``submit`` copies each source file's bytes
next to the journal (``<journal>.media/<sha256>``: a directory 0700, files
0600, fsynced with their directory) before the ``queued`` entry that names
them by hash is written. Sending prepares each network's copy from there. The
source still has its metadata (GPS...): it never leaves this private spool
unprepared, and ``sweep`` removes each copy once no post that may still be sent
needs it (at ``Outbox.close``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from livetweet.config.dirs import private_dir
from livetweet.i18n import _
from livetweet.media import MAX_ATTACHMENTS, MediaError, SourceImage, load_image
from livetweet.publishing.attachments import MediaAttachment, SpooledPhoto, focus_problem
from livetweet.publishing.views import OutboxError
from livetweet.text.display import control_characters, terminal_safe


def spool_dir(journal_path: Path) -> Path:
    return journal_path.with_name(journal_path.name + ".media")


def spool_photos(
    media: Sequence[MediaAttachment], journal_path: Path, *, require_alt_text: bool
) -> list[SpooledPhoto]:
    """Check the photos of a submission and copy them into the spool; raises
    ``OutboxError`` (the operator's language) before anything is journalled."""
    if len(media) > MAX_ATTACHMENTS:
        raise OutboxError(
            _("{count} photos: a post carries at most {max}.").format(
                count=len(media), max=MAX_ATTACHMENTS
            )
        )
    photos = []
    for attachment in media:
        name = terminal_safe(attachment.path.name, keep_newlines=False)
        alt = attachment.alt.strip()
        if not alt and require_alt_text:
            raise OutboxError(
                _(
                    "Photo {name} has no alt text: describe it for readers who cannot see "
                    "it (or set require_alt_text: false)."
                ).format(name=name)
            )
        if control_characters(alt, allow_newlines=True):
            raise OutboxError(
                _("The alt text of photo {name} holds control characters.").format(name=name)
            )
        if focus_problem(attachment.focus):
            raise OutboxError(
                _("The focus point of photo {name} is outside the photo (-1 to 1).").format(
                    name=name
                )
            )
        try:
            source = load_image(attachment.path)
        except MediaError as error:
            raise OutboxError(
                _("Photo {name}: {reason}.").format(name=name, reason=error)
            ) from None
        try:
            _keep(spool_dir(journal_path), source)
        except OSError as error:
            raise OutboxError(
                _("Photo {name} cannot be kept for sending: {reason}.").format(
                    name=name, reason=error.strerror or error
                )
            ) from None
        photos.append(
            SpooledPhoto(
                source.sha256,
                alt,
                attachment.path.name,
                len(source.data),
                source.width,
                source.height,
                attachment.focus,
            )
        )
    return photos


def _keep(directory: Path, source: SourceImage) -> None:
    """Write ``source``'s bytes as ``directory/<sha256>``, durably (a whole file or
    none: written aside, fsynced, renamed, the directory fsynced)."""
    private_dir(directory)
    target = directory / source.sha256
    if target.is_file() and _sha256(target) == source.sha256:
        return
    temporary = directory / f".{source.sha256}.{os.getpid()}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    try:
        view = memoryview(source.data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    os.close(fd)
    os.replace(temporary, target)
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def spooled_source(journal_path: Path, photo: SpooledPhoto) -> SourceImage:
    """The photo as spooled at ``submit``; raises ``MediaError`` if it is gone or
    no longer the same bytes."""
    path = spool_dir(journal_path) / photo.source_sha256
    source = load_image(path)
    if source.sha256 != photo.source_sha256:
        raise MediaError(_("its copy kept for sending was changed"))
    return source


def sweep(journal_path: Path, needed: set[str]) -> None:
    """Remove the spooled photos not in ``needed`` (the source hashes of posts that
    may still be sent), and the spool itself once empty: the copies still hold their
    metadata (GPS...), so none is kept longer than it is of use."""
    directory = spool_dir(journal_path)
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return
    for name in names:
        if name not in needed:
            with contextlib.suppress(FileNotFoundError):
                (directory / name).unlink()
    with contextlib.suppress(OSError):  # not empty (still needed): kept
        directory.rmdir()
