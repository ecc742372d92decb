"""Fact records produced by the extractors, one dataclass per output table.

Every fact carries its provenance: `start`/`end` are offsets into the
article's normalised text and `surface == text[start:end]`. The article id and
the sentence are added by the pipeline when the fact is written, so extractors
never have to know about them.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Fact:
    start: int
    end: int
    surface: str


@dataclass(slots=True)
class Amount(Fact):
    value: float
    currency: str = "CNY"
    qualifier: str = "exact"  # exact / approx / at_least / at_most
    role: str = "other"  # investment / revenue / output_value / fund_size / trade / sales / profit / other


@dataclass(slots=True)
class Percentage(Fact):
    value: float
    kind: str = "percent"  # percent / points
    qualifier: str = "exact"
    direction: str | None = None  # up / down
    metric: str | None = None


@dataclass(slots=True)
class Quantity(Fact):
    """A counted, non-money figure (53万套, 2000人, 20万平方米), kept for indicators."""

    value: float  # in base units: 3.92万个 -> 39200
    unit: str
    qualifier: str = "exact"


@dataclass(slots=True)
class DateSpan(Fact):
    start_date: str  # ISO, inclusive
    end_date: str  # ISO, inclusive
    granularity: str  # day / month / quarter / half / year / range
    relative: bool = False


@dataclass(slots=True)
class Enterprise(Fact):
    name: str  # canonical: the full registered name where the article gives one
    source: str = "rule"  # rule / alias / enumeration / ner


@dataclass(slots=True)
class Location(Fact):
    province: str | None = None
    city: str | None = None
    district: str | None = None
    zone: str | None = None
    adcode: str | None = None


@dataclass(slots=True)
class Indicator(Fact):
    city: str | None = None
    area: str | None = None
    indicator: str | None = None
    value: float | None = None
    unit: str | None = None
    growth_pct: float | None = None
    growth_kind: str | None = None  # yoy / share / points / other
    period_start: str | None = None
    period_end: str | None = None
    is_target: bool = False
    subject: str | None = None


# Output table name -> fact class, in the order tables are written.
FACT_TABLES: dict[str, type[Fact]] = {
    "enterprises": Enterprise,
    "amounts": Amount,
    "percentages": Percentage,
    "dates": DateSpan,
    "locations": Location,
    "quantities": Quantity,
    "indicators": Indicator,
    "enterprise_indicators": Indicator,  # figures of one enterprise (subject set), kept out of the city table
}
# Every output table in the order it is written; `texts` is Parquet only (it is the corpus again).
TABLES: tuple[str, ...] = ("articles", *FACT_TABLES, "texts")
NO_CSV = frozenset({"texts"})


@dataclass
class Document:
    """One article as it flows through ingest -> normalise -> extract -> link -> write."""

    article_id: str
    source_file: str
    sha256: str = ""
    raw_text: str = ""
    text: str = ""  # normalised text: every offset refers to it
    title: str | None = None
    media: str | None = None
    url: str | None = None
    published_at: str | None = None
    ref_year: int | None = None
    script: str | None = None
    status: str = "ok"
    error: str | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    facts: dict[str, list[Fact]] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)  # e.g. mojibake_repaired / mojibake_unresolved

    @classmethod
    def of_record(cls, record) -> "Document":
        """The empty document of a raw record (ingest.readers.RawRecord): its id, file and sha256."""
        return cls(article_id=record.article_id, source_file=record.source_file, sha256=record.sha256)

    def reject(self, error: str) -> "Document":
        self.status, self.error = "rejected", error
        return self
