"""Write the output tables (../SCHEMA.md): typed Arrow chunks, sorted Parquet datasets + CSV, atomic swap.

A batch writes in three steps, so that memory stays flat and a crash never
leaves a half table:

1. `chunk_tables(docs)` turns a chunk of Documents into one typed Arrow table
   per output table; `write_part` stores each as a staging part file.
2. `write_sorted(reader, ...)` streams the rows of a table, already sorted by
   DuckDB out of core, into `NAME.parquet/part-NNNNN.parquet` and `NAME.csv`.
3. `swap_in(final_dir, out_dir)` moves every finished table into place, each
   with one atomic rename (an exchange for dataset directories).

Column types come from the fact dataclasses' annotations, so an empty table
still has typed columns. Staging parts carry two private columns (`_chunk`,
`_occ`) for the merge; they never reach the outputs. Rows are sorted by their
keys, then by every other column, so the order never depends on how the work
was split or on the order an extractor listed its facts.
"""
from __future__ import annotations

import dataclasses
import operator
import os
import shutil
import sys
import types
import typing
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .extract.sentences import sentence_at
from .facts import FACT_TABLES, NO_CSV, Document

if typing.TYPE_CHECKING:  # pandas only for the small in-memory API: a batch, or a refresh, never loads it
    import pandas as pd

ARTICLE_COLUMNS = [
    "article_id", "source_file", "title", "media", "published_at", "ref_year", "script",
    "n_chars", "sha256", "status", "error", "url", "mojibake_repaired", "mojibake_unresolved",
]
_ARTICLE_INTS = {"ref_year", "n_chars", "mojibake_repaired", "mojibake_unresolved"}
ARTICLE_SCHEMA = pa.schema([(c, pa.int64() if c in _ARTICLE_INTS else pa.string()) for c in ARTICLE_COLUMNS])
TEXT_SCHEMA = pa.schema([("article_id", pa.string()), ("text", pa.string())])

# Private staging columns: the chunk a row was made in, and the occurrence of its article id
# in the run (ids may repeat in a feed: the first one's rows come first).
STAGING_COLUMNS = [("_chunk", pa.string()), ("_occ", pa.int32())]

_ARROW_TYPES = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
PART_ROWS = 200_000  # rows per output part file (texts: fewer, see part_rows)


def _arrow_type(annotation) -> pa.DataType:
    """str -> string, float | None -> float64 (nullable), ... from a dataclass annotation."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _arrow_type(args[0])
    if annotation in _ARROW_TYPES:
        return _ARROW_TYPES[annotation]
    raise TypeError(f"no Arrow type for fact field annotation {annotation!r}")


@lru_cache(maxsize=None)
def fact_fields(table: str) -> tuple[str, ...]:
    """The fields of a fact table's dataclass, in order (its columns between article_id and sentence)."""
    return tuple(f.name for f in dataclasses.fields(FACT_TABLES[table]))


@lru_cache(maxsize=None)
def schema(table: str) -> pa.Schema:
    """The Arrow schema of an output table, from the fact dataclass' type annotations."""
    if table == "articles":
        return ARTICLE_SCHEMA
    if table == "texts":
        return TEXT_SCHEMA
    cls = FACT_TABLES[table]
    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    fields = [pa.field(f.name, _arrow_type(hints[f.name])) for f in dataclasses.fields(cls)]
    return pa.schema([pa.field("article_id", pa.string()), *fields, pa.field("sentence", pa.string())])


@lru_cache(maxsize=None)
def staging_schema(table: str) -> pa.Schema:
    return pa.schema([*schema(table), *(pa.field(n, t) for n, t in STAGING_COLUMNS)])


def sort_keys(table: str) -> list[str]:
    return ["article_id", "start", "end"] if table in FACT_TABLES else ["article_id"]


def sort_order(table: str) -> list[str]:
    """The total order of a table's rows: its keys, the id's occurrence, then every other column."""
    keys = sort_keys(table)
    return [*keys, "_occ", *(c for c in schema(table).names if c not in keys)]


# --------------------------------------------------------------------------- Documents -> Arrow


def article_row(doc: Document) -> dict:
    return {
        "article_id": doc.article_id, "source_file": doc.source_file, "title": doc.title,
        "media": doc.media, "published_at": doc.published_at, "ref_year": doc.ref_year,
        "script": doc.script, "n_chars": len(doc.text) if doc.status == "ok" else None,
        "sha256": doc.sha256, "status": doc.status, "error": doc.error, "url": doc.url,
        "mojibake_repaired": doc.stats.get("mojibake_repaired"),
        "mojibake_unresolved": doc.stats.get("mojibake_unresolved"),
    }


def chunk_tables(docs: Iterable[Document], chunk: str = "", occurrences: Iterable[int] | None = None) -> dict[str, pa.Table]:
    """One typed Arrow table per output table (with the staging columns) for a chunk of Documents.

    `occurrences[i]` is how many times docs[i]'s article id came before it in the run.
    """
    docs = list(docs)
    occs = list(occurrences) if occurrences is not None else [0] * len(docs)
    out: dict[str, pa.Table] = {}
    rows = [article_row(d) for d in docs]
    cols = {c: [r[c] for r in rows] for c in ARTICLE_COLUMNS}
    out["articles"] = _table("articles", cols, [chunk] * len(docs), occs)
    for table in FACT_TABLES:
        names = fact_fields(table)
        values = _fields_getter(table)
        rows, ids, sentences, occ_col = [], [], [], []
        for doc, occ in zip(docs, occs):
            facts = doc.facts.get(table)
            if not facts:
                continue
            rows += map(values, facts)
            ids += [doc.article_id] * len(facts)
            occ_col += [occ] * len(facts)
            text, spans = doc.text, doc.sentences
            sentences += [text[s:e] for s, e in (sentence_at(spans, fact.start) for fact in facts)]
        cols = dict(zip(names, zip(*rows))) if rows else {name: [] for name in names}
        cols.update(article_id=ids, sentence=sentences)
        out[table] = _table(table, cols, [chunk] * len(occ_col), occ_col)
    ok = [(d, o) for d, o in zip(docs, occs) if d.status == "ok"]
    out["texts"] = _table("texts", {"article_id": [d.article_id for d, _ in ok], "text": [d.text for d, _ in ok]},
                          [chunk] * len(ok), [o for _, o in ok])
    return out


@lru_cache(maxsize=None)
def _fields_getter(table: str):
    """fact -> the tuple of its field values, in field order."""
    names = fact_fields(table)
    return operator.attrgetter(*names) if len(names) > 1 else lambda fact: (getattr(fact, names[0]),)


def _table(table: str, cols: dict[str, list], chunk: list, occ: list) -> pa.Table:
    arrays = [_column(cols[f.name], f.type) for f in schema(table)]
    arrays += [pa.array(chunk, pa.string()), pa.array(occ, pa.int32())]
    return pa.Table.from_arrays(arrays, schema=staging_schema(table))


_COERCE = {pa.string(): str, pa.float64(): float, pa.int64(): int, pa.bool_(): bool}


def _column(values: list, type_: pa.DataType) -> pa.Array:
    """The typed column; a value of the wrong type (an int adcode, a numpy float) is coerced, not fatal."""
    try:
        return pa.array(values, type=type_)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        coerce = _COERCE[type_]
        return pa.array([None if v is None else _try(coerce, v) for v in values], type=type_)


def _try(coerce, value):
    try:
        return coerce(value)
    except (TypeError, ValueError, OverflowError):
        return None


def write_part(table: pa.Table, path: Path) -> None:
    """One staging part file, written under a temporary name and renamed (a part exists whole or not at all)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, lambda p: pq.write_table(table, p, compression="zstd"))


# --------------------------------------------------------------------------- small in-memory API


def build_tables(docs: Iterable[Document]) -> dict[str, pd.DataFrame]:
    """All tables of a few Documents as sorted DataFrames (notebooks, tests; the CLI streams instead)."""
    docs = list(docs)
    seen: dict[str, int] = {}
    occs = []
    for d in docs:
        occs.append(seen.get(d.article_id, 0))
        seen[d.article_id] = occs[-1] + 1
    tables = chunk_tables(docs, "", occs)
    frames = {}
    for name, arrow in tables.items():
        order = [(c, "ascending") for c in sort_order(name)]
        frames[name] = to_pandas(arrow.sort_by(order).select(schema(name).names))
    return frames


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> None:
    """Write DataFrames from `build_tables` in the batch layout (NAME.parquet/ dataset + NAME.csv), atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / f".newsfacts-write-{os.getpid()}"
    try:
        for name, frame in tables.items():
            arrow = pa.Table.from_pandas(frame, schema=schema(name), preserve_index=False)
            write_sorted(arrow.to_reader(), name, final)
        swap_in(final, out_dir, list(tables))
    finally:
        shutil.rmtree(final, ignore_errors=True)


# --------------------------------------------------------------------------- sorted outputs


def to_pandas(table: pa.Table | pa.RecordBatch) -> pd.DataFrame:
    """Integers stay integers when some are null (ref_year 2023, not 2023.0)."""
    import pandas as pd

    return table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int32Dtype()}.get)


def part_rows(table: str) -> int:
    return 20_000 if table == "texts" else PART_ROWS


def part_path(dataset: Path, part: int) -> Path:
    """Part file number `part` of a table's dataset directory (NAME.parquet/)."""
    return dataset / f"part-{part:05d}.parquet"


@dataclasses.dataclass(frozen=True, slots=True)
class PartWritten:
    """One part file of a written table, as the manifest records it for the next run."""

    part: int
    rows: int
    first_id: str | None
    last_id: str | None
    size: int  # bytes of the part file
    csv_end: int  # bytes of NAME.csv up to the end of this part's rows (0 for a table without CSV)


@dataclasses.dataclass(frozen=True, slots=True)
class KeptParts:
    """The leading parts of a previous table that a run keeps as they are, with the bytes of
    its CSV up to their last row: `write_sorted` links them in and writes the rest after."""

    dataset: Path  # the previous NAME.parquet/
    parts: list[PartWritten]  # part-00000 ... in order, never empty
    csv: Path | None  # the previous NAME.csv


def write_sorted(reader: Iterator[pa.RecordBatch], table: str, final_dir: Path,
                 kept: KeptParts | None = None) -> list[PartWritten]:
    """Stream sorted batches into final_dir/NAME.parquet/part-NNNNN.parquet and final_dir/NAME.csv,
    after the `kept` parts when given; returns every part written or kept, in order.

    A table without rows still gets one (empty, typed) part file so every reader sees its columns.
    """
    target = schema(table)
    rows_per_part = part_rows(table)
    dataset = final_dir / f"{table}.parquet"
    dataset.mkdir(parents=True, exist_ok=True)
    csv_path = None if table in NO_CSV else final_dir / f"{table}.csv"
    csv = csv_path.open("wb") if csv_path else None
    parts: list[PartWritten] = []
    writer, in_part, first_id, last_id = None, 0, None, None

    def close_part() -> None:
        nonlocal writer, in_part, first_id
        writer.close()
        path = part_path(dataset, len(parts))
        parts.append(PartWritten(len(parts), in_part, first_id, last_id, path.stat().st_size, csv.tell() if csv else 0))
        writer, in_part, first_id = None, 0, None

    try:
        if kept:
            for info in kept.parts:
                _link_or_copy(part_path(kept.dataset, info.part), part_path(dataset, info.part))
            parts.extend(kept.parts)
            if csv:
                _copy_prefix(kept.csv, csv, kept.parts[-1].csv_end)
        elif csv:
            csv.write((",".join(target.names) + "\n").encode("utf-8"))
        for batch in reader:
            if batch.num_rows == 0:
                continue
            batch = pa.Table.from_batches([batch]).select(target.names).cast(target)
            for piece in _split(batch, rows_per_part - in_part, rows_per_part):
                if writer is None:
                    writer = pq.ParquetWriter(part_path(dataset, len(parts)), target, compression="zstd")
                    first_id = piece.column("article_id")[0].as_py()
                writer.write_table(piece)
                if csv:  # piece by piece: the manifest records where each part's rows end
                    csv.write(csv_rows(piece))
                in_part += piece.num_rows
                last_id = piece.column("article_id")[-1].as_py()
                if in_part >= rows_per_part:
                    close_part()
        if writer is not None:
            close_part()
        elif not parts:
            path = part_path(dataset, 0)
            pq.write_table(target.empty_table(), path, compression="zstd")
            parts.append(PartWritten(0, 0, None, None, path.stat().st_size, csv.tell() if csv else 0))
    finally:
        if writer is not None:
            writer.close()
        if csv:
            csv.close()
    return parts


def _link_or_copy(source: Path, target: Path) -> None:
    """A kept part file: a hard link (part files are never written again once closed), a copy
    where the filesystem has none."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _copy_prefix(source: Path, out, size: int) -> None:
    """The first `size` bytes of `source` into the open file `out`."""
    with source.open("rb") as fh:
        while size:
            block = fh.read(min(size, 1 << 20))
            if not block:
                raise OSError(f"{source} is shorter than the manifest says")
            out.write(block)
            size -= len(block)


# A field is quoted when it holds one of these (csv.QUOTE_MINIMAL, plus a bare CR, which CSV
# readers take for a line end).
_CSV_QUOTE_NEEDED = '[,"\\r\\n]'


def csv_rows(table: pa.Table) -> bytes:
    """The rows as UTF-8 CSV lines, formatted as pandas' `to_csv` does (empty for null, floats
    as numpy prints them, True/False), built column by column in Arrow: 3-4x faster than pandas."""
    if table.num_rows == 0:
        return b""
    lines = pc.binary_join_element_wise(*(_csv_field(column) for column in table.columns), ",")
    lines = pc.binary_join_element_wise(lines, "\n", "")
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    # The characters of consecutive strings lie end to end in the data buffer.
    _, offsets, data = lines.buffers()
    first, last = np.frombuffer(offsets, np.int32, count=len(lines) + 1, offset=lines.offset * 4)[[0, -1]]
    return data[first:last].to_pybytes()


def _csv_field(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    kind = column.type
    if isinstance(column, pa.ChunkedArray):  # replace_with_mask takes arrays: chunk by chunk
        return pa.chunked_array([_csv_field(chunk) for chunk in column.chunks], pa.string())
    if pa.types.is_string(kind):
        text = pc.fill_null(column, "") if column.null_count else column
        needs_quotes = pc.match_substring_regex(text, _CSV_QUOTE_NEEDED)
        if not pc.any(needs_quotes).as_py():
            return text
        # Quote only the fields that need it (about one sentence in ten): quoting every long
        # sentence and then choosing took 2-3x longer.
        needing = pc.filter(text, needs_quotes)
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(needing, '"', '""'), '"', "")
        return pc.replace_with_mask(text, needs_quotes, quoted)
    if pa.types.is_floating(kind):
        printed = pa.array(column.to_numpy(zero_copy_only=False).astype(str), pa.string())
        return pc.if_else(pc.is_null(column, nan_is_null=True), "", printed)
    if pa.types.is_boolean(kind):
        return pc.fill_null(pc.if_else(column, "True", "False"), "")
    return pc.fill_null(pc.cast(column, pa.string()), "")


def _split(table: pa.Table, first: int, size: int) -> Iterator[pa.Table]:
    """Slices of `table`: the first fills the current part, the next ones whole parts."""
    offset, room = 0, first
    while offset < table.num_rows:
        yield table.slice(offset, room)
        offset += room
        room = size


# --------------------------------------------------------------------------- atomic swap


def _atomic_write(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL / ENOSYS / EOPNOTSUPP: this filesystem cannot exchange
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def replace_path(new: Path, target: Path, trash: Path) -> None:
    """Put `new` at `target`. A file replaces a file atomically; a directory is exchanged atomically
    with whatever is there (the old one lands at `new`'s place, under the staging dir). Without
    exchange support, the old one is moved to `trash` first (a moment without the table)."""
    if not target.exists() and not target.is_symlink():
        os.rename(new, target)
        return
    if new.is_file() and target.is_file():
        os.replace(new, target)
        return
    if _exchange(new, target):
        return
    trash.mkdir(parents=True, exist_ok=True)
    os.rename(target, trash / target.name)
    os.rename(new, target)


def swap_in(final_dir: Path, out_dir: Path, tables: Iterable[str], last: Iterable[str] = ()) -> None:
    """Move the finished tables from final_dir into out_dir, one atomic step per file or dataset,
    then the files in `last` (the manifest: a crash mid-swap leaves the previous manifest, which
    the next incremental run treats correctly)."""
    trash = final_dir / ".trash"
    for name in tables:
        for suffix in (".parquet", ".csv"):
            new = final_dir / f"{name}{suffix}"
            if new.exists():
                replace_path(new, out_dir / new.name, trash)
    for name in last:
        os.replace(final_dir / name, out_dir / name)
