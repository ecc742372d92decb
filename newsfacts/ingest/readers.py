"""Find input articles and read them as raw records, one per article.

Files: .txt/.md (plain text), .html/.htm, .jsonl (one article per line) and
.csv (one article per row), in files or directories searched recursively.
A record that cannot be read still yields a RawRecord carrying its error, so
the batch goes on and the `articles` table says what went wrong.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .decode import DecodeError, decode_bytes

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".jsonl", ".csv"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
RECORD_FIELDS = ("title", "url", "published_at", "media")
# Other names scrapers give those fields: the first one a record has is read when it lacks ours.
FIELD_ALIASES = {"media": ("source", "site", "outlet"), "published_at": ("date", "pubdate", "publish_time"),
                 "url": ("link",)}
DEFAULT_MAX_BYTES = 8 * 1024 * 1024  # one article; a larger "article" is a dump, not news


@dataclass(slots=True)
class RawRecord:
    article_id: str
    source_file: str
    sha256: str
    text: str | None = None  # decoded text, or None when rejected
    is_html: bool = False
    meta: dict[str, str] = field(default_factory=dict)  # title/url/published_at/media given by the record
    error: str | None = None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def discover(paths: list[Path]) -> Iterator[tuple[Path, Path]]:
    """(file, root) pairs for every supported file under `paths`, in sorted path order (stable ids).

    Streams: directories are walked depth first, each listed and sorted when it is entered,
    which gives the order of sorting every path (part by part) without holding every path
    of a large corpus (a list of 500k paths costs the run ~150 MB). As `Path.rglob`, it
    does not descend into symlinked directories.
    """
    for path in paths:
        if path.is_dir():
            yield from ((f, path) for f in _walk_sorted(path) if f.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield path, path.parent


def _walk_sorted(directory: Path) -> Iterator[Path]:
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda e: os.path.normcase(e.name))
    except OSError:
        return
    for entry in entries:
        path = directory / entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk_sorted(path)
            elif entry.is_file():
                yield path
        except OSError:
            continue


def article_id_for(file: Path, root: Path) -> str:
    return file.relative_to(root).with_suffix("").as_posix()


def _text_record(article_id: str, source: str, data: bytes, is_html: bool, max_bytes: int) -> RawRecord:
    record = RawRecord(article_id, source, sha256_of(data), is_html=is_html)
    if len(data) > max_bytes:
        record.error = f"too large: {len(data) / 1e6:.1f} MB exceeds the {max_bytes / 1e6:.1f} MB per-article limit"
        return record
    try:
        record.text = decode_bytes(data).text
    except DecodeError as exc:
        record.error = str(exc)
    return record


def _from_fields(row: dict, source: str, place: str, number: int, where: str, max_bytes: int) -> RawRecord:
    """A JSONL/CSV row -> record; `where` names the line for error messages; a row without an id
    is named by its file, relative to the input root, and line (`place#number`)."""
    article_id = str(row.get("id") or "").strip()
    body = row.get("text") or row.get("html")
    if not article_id:
        return RawRecord(f"{place}#{number}", source, _row_sha256(row),
                         error=f"malformed record at {where}: no `id` field")
    if not isinstance(body, str) or not body.strip():
        present = [field for field in ("text", "html") if field in row]
        problem = f"empty `{present[0]}` field" if present else "no `text` or `html` field"
        return RawRecord(article_id, source, _row_sha256(row), error=f"malformed record at {where}: {problem}")
    data = body.encode("utf-8")
    record = RawRecord(article_id, source, sha256_of(data), is_html=not row.get("text"))
    if len(data) > max_bytes:
        record.error = f"too large: record exceeds the {max_bytes / 1e6:.1f} MB per-article limit"
        return record
    record.text = body
    record.meta = {}
    for field_name in RECORD_FIELDS:
        value = next((row[k] for k in (field_name, *FIELD_ALIASES.get(field_name, ())) if row.get(k) not in (None, "")), None)
        if value is not None:
            record.meta[field_name] = str(value).strip()
    return record


def _row_sha256(row: dict) -> str:
    """The hash of a malformed row: of the whole row, since it has no text to hash."""
    return sha256_of(json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def _jsonl_records(file: Path, source: str, place: str, max_bytes: int) -> Iterator[RawRecord]:
    with file.open("rb") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(decode_bytes(line).text.rstrip("\r\n"))
                if not isinstance(row, dict):
                    raise ValueError("not a JSON object")
            except json.JSONDecodeError as exc:  # its own position is within the line: column only
                yield RawRecord(f"{place}#{number}", source, sha256_of(line),
                                error=f"malformed JSONL line {number}: {exc.msg.removesuffix(' at')} (column {exc.colno})")
                continue
            except (ValueError, DecodeError) as exc:
                yield RawRecord(f"{place}#{number}", source, sha256_of(line),
                                error=f"malformed JSONL line {number}: {exc}")
                continue
            yield _from_fields(row, source, place, number, f"line {number}", max_bytes)


def _csv_records(file: Path, source: str, place: str, max_bytes: int) -> Iterator[RawRecord]:
    data = file.read_bytes()
    try:
        text = decode_bytes(data).text
    except DecodeError as exc:
        yield RawRecord(place, source, sha256_of(data), error=str(exc))
        return
    csv.field_size_limit(max(max_bytes * 2, 1 << 20))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for number, row in enumerate(reader, 2):
            yield _from_fields(row, source, place, number, f"row {number}", max_bytes)
    except csv.Error as exc:
        yield RawRecord(f"{place}#{reader.line_num}", source, sha256_of(data),
                        error=f"malformed CSV at line {reader.line_num}: {exc}")


def read_records(file: Path, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawRecord]:
    """Every article record in one input file."""
    source = file.as_posix()
    place = file.relative_to(root).as_posix()  # ids of rows without one stay put when the corpus moves
    suffix = file.suffix.lower()
    try:
        if suffix == ".jsonl":
            yield from _jsonl_records(file, source, place, max_bytes)
        elif suffix == ".csv":
            yield from _csv_records(file, source, place, max_bytes)
        else:
            size = file.stat().st_size
            if size > max_bytes:  # never read a huge file into memory just to refuse it
                with file.open("rb") as fh:
                    digest = hashlib.file_digest(fh, "sha256").hexdigest()
                yield RawRecord(article_id_for(file, root), source, digest,
                                error=f"too large: {size / 1e6:.1f} MB exceeds the {max_bytes / 1e6:.1f} MB per-article limit")
                return
            yield _text_record(article_id_for(file, root), source, file.read_bytes(), suffix in HTML_SUFFIXES, max_bytes)
    except OSError as exc:
        yield RawRecord(article_id_for(file, root), source, "", error=f"unreadable file: {exc}")
