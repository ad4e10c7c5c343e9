"""The only query code in rivalwatch: plain records in, plain records out.

Rendering's queries (fetch decisions, screenshots) live in storage.rendering_repository,
which `Repository` inherits, so callers still have one object to ask.

Every write method commits its own short transaction, so a crash loses nothing committed
before it. Reads return records from storage.records, never ORM objects. Bulk writes go
through executemany in chunks, and every query has an index behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import URL, Engine, Table, func, select, update

from storage import bulk, convert
from storage.base import utcnow
from storage.content_repository import ContentRepository
from storage.engine import StorageError, make_engine, writing
from storage.keys import key_hash, unique_slug
from storage.liveness import pid_alive
from storage.migrate import upgrade
from storage.models import ChangeEventRow, Competitor, ProductStateRow, Run, SiteCrawl, Snapshot
from storage.records import (
    ChangeEventRecord,
    CompetitorRecord,
    CompetitorSpec,
    FetchStatus,
    PricePoint,
    ProductState,
    ProductStatus,
    RunRecord,
    RunStatus,
    SiteCrawlRecord,
    SiteStatus,
    SnapshotIn,
    SnapshotKind,
    SnapshotRecord,
)
from storage.rendering_repository import RenderingRepository

IN_CHUNK = {"sqlite": 500}
"""Values per SQL IN list: SQLite limits bound parameters per statement (999 before 3.32);
PostgreSQL takes up to 65535, and fewer, larger lists spare it a scan per list."""
IN_CHUNK_DEFAULT = 10_000

COMPETITOR = cast(Table, Competitor.__table__)
RUN = cast(Table, Run.__table__)
SITE_CRAWL = cast(Table, SiteCrawl.__table__)
SNAPSHOT = cast(Table, Snapshot.__table__)
PRODUCT_STATE = cast(Table, ProductStateRow.__table__)
EVENT = cast(Table, ChangeEventRow.__table__)

SELECT_COMPETITOR = select(*convert.columns(COMPETITOR, convert.COMPETITOR_COLUMNS))
SELECT_RUN = select(*convert.columns(RUN, convert.RUN_COLUMNS))
SELECT_SITE_CRAWL = select(*convert.columns(SITE_CRAWL, convert.SITE_CRAWL_COLUMNS))
SELECT_SNAPSHOT = select(*convert.columns(SNAPSHOT, convert.SNAPSHOT_COLUMNS))
SELECT_PRODUCT_STATE = select(*convert.columns(PRODUCT_STATE, convert.PRODUCT_STATE_COLUMNS))
SELECT_EVENT = select(*convert.columns(EVENT, convert.EVENT_COLUMNS))


class Repository(RenderingRepository, ContentRepository):
    """Reads and writes rivalwatch's history through one engine.

    Fetch decisions and screenshots come from `RenderingRepository`.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def from_url(cls, url: str | URL, *, migrate: bool = True) -> Repository:
        """Open a repository on `url`, migrated to the newest schema unless told not to."""
        engine = make_engine(url)
        if migrate:
            upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    # -- competitors -------------------------------------------------------------------------

    def sync_competitors(self, specs: Iterable[CompetitorSpec]) -> dict[str, CompetitorRecord]:
        """Insert new competitors, update kind/homepage/notes of known ones (matched by name).

        Competitors missing from `specs` are kept with their history. Slugs are derived from
        the name when a competitor is first stored and never change afterwards.
        """
        specs = list(specs)
        stored = {record.name: record for record in self.competitors()}
        if all(_unchanged(stored.get(spec.name), spec) for spec in specs):
            return {spec.name: stored[spec.name] for spec in specs}  # no write: every run asks
        now = utcnow()
        with writing(self.engine) as conn:
            known = dict(conn.execute(select(COMPETITOR.c.name, COMPETITOR.c.id)).all())
            taken = set(conn.execute(select(COMPETITOR.c.slug)).scalars())
            for spec in specs:
                values = {"kind": str(spec.kind), "homepage": spec.homepage, "notes": spec.notes}
                if spec.name in known:
                    where = COMPETITOR.c.id == known[spec.name]
                    conn.execute(update(COMPETITOR).where(where).values(updated_at=now, **values))
                    continue
                slug = unique_slug(spec.name, taken)
                taken.add(slug)
                row = {"name": spec.name, "slug": slug, "created_at": now, "updated_at": now}
                inserted = conn.execute(COMPETITOR.insert(), row | values)
                known[spec.name] = inserted.inserted_primary_key[0]
        by_name = {record.name: record for record in self.competitors()}
        return {spec.name: by_name[spec.name] for spec in specs}

    def competitors(self) -> list[CompetitorRecord]:
        """Return all stored competitors, by name."""
        query = SELECT_COMPETITOR.order_by(COMPETITOR.c.name)
        return [convert.competitor_record(row) for row in self._rows(query)]

    def competitor_by_name(self, name: str) -> CompetitorRecord | None:
        """Return the competitor called `name`, if stored."""
        rows = self._rows(SELECT_COMPETITOR.where(COMPETITOR.c.name == name))
        return convert.competitor_record(rows[0]) if rows else None

    # -- runs --------------------------------------------------------------------------------

    def start_run(self, trigger: str, pid: int | None = None) -> RunRecord:
        """Record a new run, `running` from now, executed by process `pid`."""
        values = {"started_at": utcnow(), "trigger": trigger, "status": RunStatus.RUNNING.value}
        with writing(self.engine) as conn:
            run_id = conn.execute(RUN.insert().values(pid=pid, **values)).inserted_primary_key[0]
        return self._run(run_id)

    def finish_run(self, run_id: int, status: RunStatus, error: str | None = None) -> RunRecord:
        """Close run `run_id` with its final status."""
        values = {"status": str(status), "error": error, "finished_at": utcnow()}
        with writing(self.engine) as conn:
            conn.execute(update(RUN).where(RUN.c.id == run_id).values(**values))
        return self._run(run_id)

    def recover_stale_runs(self, *, all_running: bool = False) -> list[int]:
        """Mark runs orphaned by a crash as `interrupted`; return their ids.

        The rule: a `running` run is stale when its pid is unknown or no live process on
        this host has it. With `all_running=True` every `running` run is stale: for a caller
        that knows no other rivalwatch process can be running (a fresh daemon start with an
        exclusive lock). Pids are only meaningful on one host: with a shared PostgreSQL
        database across machines, pass `all_running=True` only from the one scheduler.
        """
        query = select(RUN.c.id, RUN.c.pid).where(RUN.c.status == RunStatus.RUNNING.value)
        rows = self._rows(query)
        stale = [r.id for r in rows if all_running or r.pid is None or not pid_alive(r.pid)]
        if not stale:
            return []
        note = "interrupted: " + (
            "found still running at start-up" if all_running else "its process is gone"
        )
        values = {"status": RunStatus.INTERRUPTED.value, "finished_at": utcnow(), "error": note}
        with writing(self.engine) as conn:
            conn.execute(update(RUN).where(RUN.c.id.in_(stale)).values(**values))
        return stale

    def runs(self, limit: int = 20) -> list[RunRecord]:
        """Return the newest `limit` runs, newest first."""
        query = SELECT_RUN.order_by(RUN.c.id.desc()).limit(limit)
        return [convert.run_record(row) for row in self._rows(query)]

    def last_run(self) -> RunRecord | None:
        """Return the newest run, if any."""
        runs = self.runs(limit=1)
        return runs[0] if runs else None

    def run(self, run_id: int) -> RunRecord | None:
        """Return run `run_id`, if it exists."""
        rows = self._rows(SELECT_RUN.where(RUN.c.id == run_id))
        return convert.run_record(rows[0]) if rows else None

    def _run(self, run_id: int) -> RunRecord:
        record = self.run(run_id)
        if record is None:
            raise StorageError(f"no run with id {run_id}")
        return record

    # -- site crawls -------------------------------------------------------------------------

    def start_site_crawl(self, run_id: int, competitor_id: int) -> SiteCrawlRecord:
        """Record that a competitor's crawl began; it reads `partial` until finished.

        Starting it again within the same run (a retry) resets it.
        """
        values = {"status": SiteStatus.PARTIAL.value, "started_at": utcnow(), "finished_at": None}
        values |= {"pages": 0, "errors": 0, "message": None}
        return self._save_site_crawl(run_id, competitor_id, values)

    def finish_site_crawl(
        self,
        run_id: int,
        competitor_id: int,
        status: SiteStatus,
        pages: int,
        errors: int,
        message: str | None = None,
    ) -> SiteCrawlRecord:
        """Record how complete a competitor's crawl was (started now if never started)."""
        now = utcnow()
        values = {"status": str(status), "finished_at": now, "pages": pages, "errors": errors}
        values |= {"message": message, "started_at": now}  # started_at: only if never started
        return self._save_site_crawl(run_id, competitor_id, values, insert_only=["started_at"])

    def _save_site_crawl(
        self,
        run_id: int,
        competitor_id: int,
        values: dict[str, Any],
        insert_only: Sequence[str] = (),
    ) -> SiteCrawlRecord:
        row = {"run_id": run_id, "competitor_id": competitor_id} | values
        with writing(self.engine) as conn:
            bulk.upsert_rows(conn, SITE_CRAWL, [row], ["run_id", "competitor_id"], insert_only)
        where = (SITE_CRAWL.c.run_id == run_id) & (SITE_CRAWL.c.competitor_id == competitor_id)
        return convert.site_crawl_record(self._rows(SELECT_SITE_CRAWL.where(where))[0])

    def site_crawls(self, competitor_id: int, limit: int = 20) -> list[SiteCrawlRecord]:
        """Return a competitor's site crawls of the newest `limit` runs, newest first."""
        query = (
            SELECT_SITE_CRAWL.where(SITE_CRAWL.c.competitor_id == competitor_id)
            .order_by(SITE_CRAWL.c.run_id.desc())
            .limit(limit)
        )
        return [convert.site_crawl_record(row) for row in self._rows(query)]

    def site_crawls_of_runs(self, run_ids: Iterable[int]) -> list[SiteCrawlRecord]:
        """Return the site crawls of the given runs (what `rivalwatch runs` lists)."""
        ids = list(run_ids)
        if not ids:
            return []
        query = SELECT_SITE_CRAWL.where(SITE_CRAWL.c.run_id.in_(ids)).order_by(
            SITE_CRAWL.c.run_id.desc(), SITE_CRAWL.c.competitor_id
        )
        return [convert.site_crawl_record(row) for row in self._rows(query)]

    def last_site_crawl(self, competitor_id: int) -> SiteCrawlRecord | None:
        """Return a competitor's newest site crawl, finished or not."""
        crawls = self.site_crawls(competitor_id, limit=1)
        return crawls[0] if crawls else None

    def last_completed_site_crawl(self, competitor_id: int) -> SiteCrawlRecord | None:
        """Return a competitor's newest finished crawl with status `ok`.

        Only such a crawl may remove products.
        """
        query = (
            SELECT_SITE_CRAWL.where(SITE_CRAWL.c.competitor_id == competitor_id)
            .where(SITE_CRAWL.c.status == SiteStatus.OK.value)
            .where(SITE_CRAWL.c.finished_at.is_not(None))
            .order_by(SITE_CRAWL.c.run_id.desc())
            .limit(1)
        )
        rows = self._rows(query)
        return convert.site_crawl_record(rows[0]) if rows else None

    def runs_with_products(self, competitor_id: int, run_ids: Iterable[int]) -> set[int]:
        """Return which of `run_ids` observed at least one of the competitor's products
        (fetched ok or not modified): a crawl that found none has a broken catalog or selector.

        One index seek per run (`ix_snapshot_run`), stopping at the first product found.
        """
        seen = (FetchStatus.OK.value, FetchStatus.NOT_MODIFIED.value)
        found: set[int] = set()
        for run_id in set(run_ids):
            query = select(SNAPSHOT.c.id).where(
                SNAPSHOT.c.run_id == run_id,
                SNAPSHOT.c.competitor_id == competitor_id,
                SNAPSHOT.c.kind == SnapshotKind.PRODUCT.value,
                SNAPSHOT.c.fetch_status.in_(seen),
            )
            if self._rows(query.limit(1)):
                found.add(run_id)
        return found

    # -- snapshots (append-only) -------------------------------------------------------------

    def add_snapshots(self, run_id: int, snapshots: Sequence[SnapshotIn]) -> None:
        """Append `snapshots` to run `run_id`, all in one transaction."""
        rows = [convert.snapshot_values(run_id, s) for s in snapshots]
        with writing(self.engine) as conn:
            bulk.insert_rows(conn, SNAPSHOT, rows)

    def run_snapshots(
        self,
        run_id: int,
        competitor_id: int,
        kind: SnapshotKind | None = None,
        keys: Iterable[str] | None = None,
    ) -> list[SnapshotRecord]:
        """Return what run `run_id` observed of a competitor (of some keys), in insertion order."""
        query = SELECT_SNAPSHOT.where(
            SNAPSHOT.c.run_id == run_id, SNAPSHOT.c.competitor_id == competitor_id
        )
        if kind is not None:
            query = query.where(SNAPSHOT.c.kind == str(kind))
        rows = self._rows_of_keys(query.order_by(SNAPSHOT.c.id), SNAPSHOT.c.key_hash, keys)
        records = [convert.snapshot_record(row) for row in rows]
        return records if keys is None else sorted(records, key=lambda record: record.id)

    def run_snapshot_hashes(
        self, run_id: int, competitor_id: int, kind: SnapshotKind
    ) -> dict[str, str]:
        """Return key → content hash of what a run observed, without loading payloads.

        With `run_snapshots(..., keys=changed)` the diff loads only what changed.
        """
        query = select(SNAPSHOT.c.key, SNAPSHOT.c.content_hash).where(
            SNAPSHOT.c.run_id == run_id,
            SNAPSHOT.c.competitor_id == competitor_id,
            SNAPSHOT.c.kind == str(kind),
        )
        return dict(self._rows(query.order_by(SNAPSHOT.c.id)))

    def run_snapshot_digests(
        self, run_id: int, competitor_id: int, kind: SnapshotKind
    ) -> list[tuple[str, str, FetchStatus]]:
        """Return (key, content hash, fetch status) of each snapshot of a kind a run took.

        In insertion order, duplicates of a key included, without loading payloads: enough
        for the diff to tell the few changed products from the unchanged many.
        """
        query = select(SNAPSHOT.c.key, SNAPSHOT.c.content_hash, SNAPSHOT.c.fetch_status).where(
            SNAPSHOT.c.run_id == run_id,
            SNAPSHOT.c.competitor_id == competitor_id,
            SNAPSHOT.c.kind == str(kind),
        )
        statuses = convert.FETCH_STATUSES
        return [(k, h, statuses[s]) for k, h, s in self._rows(query.order_by(SNAPSHOT.c.id))]

    def latest_snapshot(
        self, competitor_id: int, kind: SnapshotKind, key: str | None = None
    ) -> SnapshotRecord | None:
        """Return the newest snapshot of a kind (and of one key, when given)."""
        if key is not None:
            history = self.snapshot_history(competitor_id, kind, key, limit=1)
            return history[0] if history else None
        query = (
            SELECT_SNAPSHOT.where(
                SNAPSHOT.c.competitor_id == competitor_id, SNAPSHOT.c.kind == str(kind)
            )
            .order_by(SNAPSHOT.c.id.desc())
            .limit(1)
        )
        rows = self._rows(query)
        return convert.snapshot_record(rows[0]) if rows else None

    def snapshot_history(
        self, competitor_id: int, kind: SnapshotKind, key: str, limit: int = 10
    ) -> list[SnapshotRecord]:
        """Return the newest `limit` snapshots of one entity, newest first."""
        query = (
            SELECT_SNAPSHOT.where(
                SNAPSHOT.c.competitor_id == competitor_id, SNAPSHOT.c.kind == str(kind)
            )
            .where(SNAPSHOT.c.key_hash == key_hash(key), SNAPSHOT.c.key == key)
            .order_by(SNAPSHOT.c.id.desc())
            .limit(limit)
        )
        return [convert.snapshot_record(row) for row in self._rows(query)]

    def snapshot_histories(
        self,
        competitor_id: int,
        kind: SnapshotKind,
        per_key: int,
        keys: Iterable[str] | None = None,
    ) -> dict[str, list[SnapshotRecord]]:
        """Run `snapshot_history` for many keys at once (all keys when `keys` is None)."""
        rank = func.row_number().over(
            partition_by=SNAPSHOT.c.key_hash, order_by=SNAPSHOT.c.id.desc()
        )
        base = SELECT_SNAPSHOT.add_columns(rank.label("rank")).where(
            SNAPSHOT.c.competitor_id == competitor_id, SNAPSHOT.c.kind == str(kind)
        )
        hashes = None if keys is None else sorted({key_hash(k) for k in keys})
        histories: dict[str, list[SnapshotRecord]] = {}
        for chunk in [None] if hashes is None else bulk.chunks(hashes, self._in_chunk):
            query = base if chunk is None else base.where(SNAPSHOT.c.key_hash.in_(chunk))
            ranked = query.subquery()
            query = select(*convert.columns(ranked, convert.SNAPSHOT_COLUMNS))
            query = query.where(ranked.c.rank <= per_key).order_by(ranked.c.id.desc())
            for row in self._rows(query):
                record = convert.snapshot_record(row)
                histories.setdefault(record.key, []).append(record)
        return histories

    # -- product states ----------------------------------------------------------------------

    def product_states(
        self, competitor_id: int, keys: Iterable[str] | None = None
    ) -> dict[str, ProductState]:
        """Return the current view of a competitor's products (all, or those of `keys`)."""
        query = SELECT_PRODUCT_STATE.where(PRODUCT_STATE.c.competitor_id == competitor_id)
        rows = self._rows_of_keys(query, PRODUCT_STATE.c.key_hash, keys)
        states = (convert.product_state_record(row) for row in rows)
        return {state.key: state for state in states}

    def product_state_hashes(
        self, competitor_id: int, status: ProductStatus | None = None
    ) -> dict[str, str]:
        """Return key → content hash of a competitor's products (of one status), cheaply.

        Compared with `run_snapshot_hashes`, it tells the diff which few states to load.
        """
        query = select(PRODUCT_STATE.c.key, PRODUCT_STATE.c.content_hash).where(
            PRODUCT_STATE.c.competitor_id == competitor_id
        )
        if status is not None:
            query = query.where(PRODUCT_STATE.c.status == str(status))
        return dict(self._rows(query))

    def save_product_states(self, states: Iterable[ProductState]) -> None:
        """Insert or replace product states (matched by competitor and key), in one transaction."""
        rows = {}
        for state in states:  # the last state of a key wins, as in sequential upserts
            values = convert.product_state_values(state)
            rows[(state.competitor_id, values["key_hash"])] = values
        with writing(self.engine) as conn:
            bulk.upsert_rows(
                conn, PRODUCT_STATE, list(rows.values()), ["competitor_id", "key_hash"]
            )

    # -- change events -----------------------------------------------------------------------

    def add_events(self, events: Sequence[ChangeEventRecord]) -> None:
        """Append change events, all in one transaction (their ids are assigned here)."""
        rows = [convert.event_values(e) for e in events]
        with writing(self.engine) as conn:
            bulk.insert_rows(conn, EVENT, rows)

    def events(
        self,
        competitor_id: int | None = None,
        since: datetime | None = None,
        limit: int | None = None,
        run_id: int | None = None,
    ) -> list[ChangeEventRecord]:
        """Return change events, newest first, optionally of one competitor / run, since a time."""
        query = self._event_filter(SELECT_EVENT, competitor_id, since, run_id=run_id)
        query = query.order_by(EVENT.c.detected_at.desc(), EVENT.c.id.desc()).limit(limit)
        return [convert.event_record(row) for row in self._rows(query)]

    def count_events(
        self,
        competitor_id: int | None = None,
        kinds: Iterable[str] | None = None,
        since: datetime | None = None,
    ) -> int:
        """Count the events that match (of the given kinds, when given)."""
        query = self._event_filter(select(func.count()).select_from(EVENT), competitor_id, since)
        if kinds is not None:
            query = query.where(EVENT.c.kind.in_([str(k) for k in kinds]))
        return int(self._rows(query)[0][0])

    def event_counts_of_runs(self, run_ids: Iterable[int]) -> dict[int, int]:
        """Count events per run, for the given runs (runs without events are absent)."""
        ids = list(run_ids)
        if not ids:
            return {}
        query = (
            select(EVENT.c.run_id, func.count())
            .where(EVENT.c.run_id.in_(ids))
            .group_by(EVENT.c.run_id)
        )
        return {int(run_id): int(count) for run_id, count in self._rows(query)}

    def event_counts(self, since: datetime | None = None) -> dict[tuple[int, str], int]:
        """Count events per (competitor_id, kind): the numbers behind the pivot table."""
        query = self._event_filter(
            select(EVENT.c.competitor_id, EVENT.c.kind, func.count()), None, since
        ).group_by(EVENT.c.competitor_id, EVENT.c.kind)
        return {(row[0], row[1]): int(row[2]) for row in self._rows(query)}

    @staticmethod
    def _event_filter(
        query: Any, competitor_id: int | None, since: datetime | None, run_id: int | None = None
    ) -> Any:
        if competitor_id is not None:
            query = query.where(EVENT.c.competitor_id == competitor_id)
        if since is not None:
            query = query.where(EVENT.c.detected_at >= since)
        if run_id is not None:
            query = query.where(EVENT.c.run_id == run_id)
        return query

    # -- price history -----------------------------------------------------------------------

    def price_history(
        self, competitor_id: int, since: datetime | None = None, *, changes_only: bool = True
    ) -> list[PricePoint]:
        """Return prices over time from the product snapshots, oldest first.

        Read from the append-only snapshots (the observations themselves, so no diff logic
        is needed): one point per successful fetch, or with `changes_only` a product's first
        observation and every later one whose price differs. The database reads only the
        payloads' `price` and `currency` and drops unchanged prices itself.
        """
        window = {"partition_by": SNAPSHOT.c.key_hash, "order_by": SNAPSHOT.c.id}
        price = SNAPSHOT.c.payload["price"].as_string()
        observed = select(
            *(SNAPSHOT.c.id, SNAPSHOT.c.run_id, SNAPSHOT.c.fetched_at, SNAPSHOT.c.key),
            price.label("price"),
            SNAPSHOT.c.payload["currency"].as_string().label("currency"),
            func.lag(price).over(**window).label("previous"),
            func.row_number().over(**window).label("n"),
        ).where(
            SNAPSHOT.c.competitor_id == competitor_id,
            SNAPSHOT.c.kind == SnapshotKind.PRODUCT.value,
            SNAPSHOT.c.fetch_status == FetchStatus.OK.value,
        )
        if since is not None:
            observed = observed.where(SNAPSHOT.c.fetched_at >= since)
        o = observed.subquery()
        query = select(o.c.run_id, o.c.fetched_at, o.c.key, o.c.price, o.c.currency)
        if changes_only:
            query = query.where((o.c.n == 1) | o.c.price.is_distinct_from(o.c.previous))
        return convert.price_points(self._rows(query.order_by(o.c.id)), changes_only)

    def mark_products_seen(
        self, competitor_id: int, run_id: int, seen_at: datetime | None = None
    ) -> int:
        """Set `last_seen` of the products run `run_id` fetched (ok or not modified).

        To `seen_at`, or when None to the time the run fetched each product (the latest,
        if it fetched one several times). One statement instead of rewriting every
        unchanged product's state each run; return how many states it touched.
        """
        fetched = (
            SNAPSHOT.c.run_id == run_id,
            SNAPSHOT.c.competitor_id == competitor_id,
            SNAPSHOT.c.kind == SnapshotKind.PRODUCT.value,
            SNAPSHOT.c.fetch_status.in_([FetchStatus.OK.value, FetchStatus.NOT_MODIFIED.value]),
        )
        if seen_at is None:
            own = select(func.max(SNAPSHOT.c.fetched_at)).where(
                *fetched, SNAPSHOT.c.key_hash == PRODUCT_STATE.c.key_hash
            )
            value: Any = own.scalar_subquery()
        else:
            value = seen_at
        statement = (
            update(PRODUCT_STATE)
            .where(PRODUCT_STATE.c.competitor_id == competitor_id)
            .where(PRODUCT_STATE.c.key_hash.in_(select(SNAPSHOT.c.key_hash).where(*fetched)))
            .values(last_seen=value)
        )
        with writing(self.engine) as conn:
            return int(conn.execute(statement).rowcount)

    # -- plumbing ----------------------------------------------------------------------------

    @property
    def _in_chunk(self) -> int:
        return IN_CHUNK.get(self.engine.dialect.name, IN_CHUNK_DEFAULT)

    def _rows(self, query: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return conn.execute(query).all()  # one fetchall: ~20% faster than iterating

    def _rows_of_keys(self, query: Any, hashes: Any, keys: Iterable[str] | None) -> list[Any]:
        """Rows of `query`, only those of `keys` (matched by hash column `hashes`) if given."""
        if keys is None:
            return self._rows(query)
        rows: list[Any] = []
        for chunk in bulk.chunks(sorted({key_hash(key) for key in keys}), self._in_chunk):
            rows += self._rows(query.where(hashes.in_(chunk)))
        return rows


def _unchanged(record: CompetitorRecord | None, spec: CompetitorSpec) -> bool:
    """Whether the stored competitor already says what the config says."""
    if record is None:
        return False
    return (record.kind, record.homepage, record.notes) == (spec.kind, spec.homepage, spec.notes)
