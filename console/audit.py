"""The audit trail: every act appends a record to one hash chain, and the chain carries a
hash of every document row the acts left behind.

**The chain.** Each record's hash covers its fields, the hash of the rows its transaction
wrote (``row_hash``) and the previous record's hash. The chain head (last sequence number
and hash) is kept in its own row, locked by every append, so records are chained in
commit order on SQLite and PostgreSQL. Editing a record breaks its hash; deleting one
breaks the sequence and the next record's link; deleting the tail no longer matches the
head; a missing head is an error, and a head that is missing or does not match the last
record refuses every append (``TrailBroken``, AUDIT-1) instead of chaining onto a cut.

**The rows.** Every row a transaction writes to a document table (``covered``: every
table but the audit trail's own, the number series and the reference directories loaded
from their published files) is noted as it is flushed, or, for a bulk ``INSERT``,
``UPDATE`` or ``DELETE``, from the statement itself. When the transaction commits, each
such row is hashed as the transaction leaves it (a flushed row from its object, with every
value as the database stores it; a bulk statement's rows read back); the list (``rows``:
table, key, hash, or ``-`` for a row deleted) goes on the transaction's last audit record,
and its hash (``row_hash``) into that record's own hash. A transaction that writes document rows
without recording any act gets a record of its own (``rows_written`` by the system), so
no path leaves a row the chain does not know. ``verify`` replays the lists in order and
checks every covered row in the database against the last hash the chain holds for it:
a row edited, deleted or inserted outside an act is reported with the act that last
wrote it. Hashing skips empty values (null, "", 0, false), so a migration that adds a
column with an empty default leaves every hash valid.

**The anchor.** An attacker who can write to the database can still rewrite the whole
chain, head and rows together so that it verifies. ``verify`` prints the head (sequence
and hash); kept outside the database (``ices audit anchor FILE``), it is checked by
``ices audit verify --anchor FILE``: the chain must still hold that record with that
hash. Records appended before row hashing (migration d4e5f6a7b8c9) have no row hash;
``verify`` counts them, and the rows no act has written since, which it cannot check.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from functools import cache
from itertools import chain
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    bindparam,
    event,
    func,
    inspect,
    tuple_,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.base import NO_VALUE
from sqlalchemy.sql.schema import Table
from sqlmodel import Session, SQLModel, select

import db.tables as t
from console.clock import wall_now
from console.errors import IcesError
from console.roles import Actor, system_actor
from db.types import DecimalText

FIELDS = (
    "seq", "at", "officer", "role", "terminal", "doc_kind", "doc_ref",
    "action", "from_state", "to_state", "reason", "prev_hash",
)  # fmt: skip
GENESIS = "0" * 64

# Tables whose rows the chain does not hash: its own, the number series (handed out by a
# raw UPDATE in the act's transaction; a number is checked through the document holding
# it) and the reference directories, loaded from published files with their sources
# (fixtures/reference) and checked against them.
UNCOVERED = frozenset({
    "auditrecord", "audithead", "numberseries",
    "port", "country", "currency", "exchangerate", "uqc", "schemecode", "tariffitem",
    "drawbackrate", "depbrate", "adcode", "ruleparameter", "tariffvalue",
    "antidumpingduty", "noniceslocation", "swsexemption",
})  # fmt: skip
# (table names, not the classes: naming a class loads its module, and a read command need
# not load the whole schema to import this one; tests/test_tamper.py checks every name)
# Columns a transaction may change without recording an act: a wrong password counted
# (the lockout it leads to is recorded).
VOLATILE: dict[str, frozenset[str]] = {"officer": frozenset({"failed_logins"})}
# Rows of covered tables that are bookkeeping, not documents: the reference directories'
# cache generation (db/refcache.py, bumped by a raw UPDATE with every directory change).
VOLATILE_ROWS = frozenset({"setting:reference_generation"})

# How a covered row is named in a report: its document's own number where it has one.
LABELS = {
    "shippingbill": lambda m: f"SB {m['sb_no'] or 'job ' + str(m['job_no'])}",
    "billofentry": lambda m: f"BE {m['be_no'] or 'job ' + str(m['job_no'])}",
    "couriershippingbill": lambda m: f"CSB {m['csb_no']}",
    "officer": lambda m: f"officer {m['username']} ({m['role']})",
    "drawbackclaim": lambda m: f"drawback claim {m['id']} on SB {m['sb_no']}",
    "bond": lambda m: f"bond {m['bond_no'] or 'request ' + str(m['id'])}",
    "igm": lambda m: f"IGM {m['igm_no']}",
    "egm": lambda m: f"EGM {m['egm_no']}",
    "setting": lambda m: f"setting {m['key']}",
}
SHOWN = 10  # report lines per kind of problem; the rest are counted


class TrailBroken(IcesError):
    """The audit trail cannot take another record: its head is missing or no longer matches
    its last record. Nothing is recorded until the database is restored from a backup."""

    rule = "AUDIT-1"


def covered() -> dict[str, Table]:
    """Every table the chain hashes the rows of (the whole schema loaded first: verifying,
    backups). An act's own records need only the tables it wrote (``_table``)."""
    t.load_all()
    return {name: tbl for name, tbl in SQLModel.metadata.tables.items()
            if name not in UNCOVERED}


def _table(name: str) -> Table:
    """A covered table the transaction wrote (so registered)."""
    return SQLModel.metadata.tables[name]


# ---- hashing ----


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _digest(rec: t.AuditRecord) -> str:
    return _digest_of({f: getattr(rec, f) for f in (*FIELDS, "row_hash")})


def _digest_of(values: dict[str, Any]) -> str:
    """A record's hash from its fields (a record as read, or as about to be inserted)."""
    payload = {f: values[f] for f in FIELDS}
    payload["at"] = values["at"].isoformat(timespec="microseconds")
    if values["row_hash"] is not None:  # records before row hashing keep their hash
        payload["row_hash"] = values["row_hash"]
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()


def _as_stored(col) -> tuple[type | None, Callable[[Any], Any] | None]:
    """How a column's value is written into a row's hash, the same whether read back from
    the database or still in memory (an ``int`` given to a decimal column, a ``Decimal``
    to an integer one): (the type that needs no conversion, the conversion)."""
    kind = col.type
    if isinstance(kind, DecimalText):
        return None, lambda v: format(Decimal(v), "f")
    if isinstance(kind, Boolean):
        return bool, bool
    if isinstance(kind, Integer):
        return int, int
    if isinstance(kind, DateTime):  # naive, as stored (a date given: its midnight)
        return None, lambda v: (v if isinstance(v, datetime) else datetime.combine(v, time()))\
            .replace(tzinfo=None).isoformat()
    if isinstance(kind, Date):
        return None, lambda v: (v.date() if isinstance(v, datetime) else v).isoformat()
    if isinstance(kind, LargeBinary):
        return None, lambda v: bytes(v).hex()
    return str, str


@dataclass(frozen=True)
class _Shape:
    """How one covered table's rows are hashed."""

    name: str
    names: tuple[str, ...]  # the hashed columns (all but the volatile ones), in order
    kinds: tuple[tuple[type | None, Callable[[Any], Any] | None], ...]
    of_row: Callable[[Any], tuple]  # their values from a row read back (a Row)
    of_obj: Callable[[Any], tuple]  # their values from a mapped object


_SHAPES: dict[str, _Shape] = {}


def _shape(table: Table) -> _Shape:
    shape = _SHAPES.get(table.name)
    if shape is None:
        mapper = next((m for m in SQLModel._sa_registry.mappers if m.local_table is table),
                      None)
        skip = VOLATILE.get(table.name, ())
        cols = [c for c in table.columns if c.name not in skip]
        attrs = [mapper.get_property_by_column(c).key if mapper else c.name for c in cols]
        where = [i for i, c in enumerate(table.columns) if c.name not in skip]
        shape = _SHAPES[table.name] = _Shape(
            table.name, tuple(c.name for c in cols), tuple(_as_stored(c) for c in cols),
            lambda row: tuple(row[i] for i in where),
            lambda obj: tuple(obj.__dict__[a] if a in obj.__dict__ else getattr(obj, a)
                              for a in attrs))
    return shape


def _hash(shape: _Shape, values: tuple) -> str:
    """The hash of one row: its non-empty columns by name, as stored."""
    items = []
    for name, (same, conv), v in zip(shape.names, shape.kinds, values, strict=True):
        if v is None or v == "" or v is False:
            continue
        if type(v) is not same:
            v = conv(v)
        if v != 0 and v != "":
            items.append((name, v))
    return _sha(json.dumps(items, separators=(",", ":"), ensure_ascii=False))


def row_digest(table_name: str, row) -> str:
    """The hash of one row read from the database (``select(table)``: columns in order)."""
    shape = _shape(_table(table_name))
    return _hash(shape, shape.of_row(row))


def _obj_digest(shape: _Shape, obj: Any) -> str:
    return _hash(shape, shape.of_obj(obj))


def _key(table_name: str, pk: Iterable) -> str:
    return f"{table_name}:{'|'.join(str(v) for v in pk)}"


def _pk_cols(table: Table) -> list:
    return list(table.primary_key.columns)


@cache
def _row_by_key(name: str):
    (col,) = _pk_cols(_table(name))
    return select(_table(name)).where(col == bindparam("k"))


def _rows_now(session: Session, table: Table, pks: set[tuple]) -> Iterator[tuple[str, str]]:
    """(key, hash) of the rows of ``table`` with these keys, as stored now."""
    cols = _pk_cols(table)
    if len(pks) == 1 and len(cols) == 1:  # one row (a print logged): a statement built once
        ((k,),) = pks
        for row in session.connection().execute(_row_by_key(table.name), {"k": k}):
            yield _key(table.name, (k,)), row_digest(table.name, row)
        return
    keys = sorted(pks, key=str)
    for i in range(0, len(keys), 500):
        chunk = keys[i:i + 500]
        cond = (cols[0].in_([k[0] for k in chunk]) if len(cols) == 1
                else tuple_(*cols).in_(chunk))
        for row in session.execute(select(table).where(cond)):
            m = row._mapping
            yield _key(table.name, (m[c.name] for c in cols)), row_digest(table.name, row)


# ---- noting the rows a transaction writes ----
# session.info: "audit_objs" {key: row object, or None once deleted} for rows the unit of
# work flushed; "audit_bulk" {table: {pk}} for rows a bulk statement named or touched;
# "audit_owned" {(table, column): {id}} for rows a bulk INSERT gave to a document (an SB's
# items); "audit_floor" {table: highest key before a bulk INSERT, None: the whole table}.


@event.listens_for(OrmSession, "after_flush")
def _note_flushed(session: Session, _ctx) -> None:
    if not (session.new or session.dirty or session.deleted):
        return
    objs = session.info.get("audit_objs")
    for obj in chain(session.new, session.dirty, session.deleted):
        state = inspect(obj)
        table = state.mapper.local_table
        if table.name in UNCOVERED:
            continue
        gone = obj in session.deleted
        if state.persistent and not gone:  # dirty: an attribute changed (not a volatile one)?
            volatile, now = VOLATILE.get(table.name, ()), state.dict
            if not any(k not in volatile and (was is NO_VALUE or was != now.get(k, NO_VALUE))
                       for k, was in state.committed_state.items()):
                continue
        pk = state.mapper.primary_key_from_instance(obj)
        if None in pk:
            continue
        key = _key(table.name, pk)
        if key in VOLATILE_ROWS:
            continue
        if objs is None:
            objs = session.info["audit_objs"] = {}
        objs[key] = None if gone else obj


_SESSION_OF: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # connection: its info


@event.listens_for(OrmSession, "after_begin")
def _watch_connection(session: Session, _transaction, connection) -> None:
    """Bulk statements run on the session's connection: let them find the session."""
    _SESSION_OF[connection] = session.info
    session.info.setdefault("audit_connections", []).append(connection)


@event.listens_for(OrmSession, "before_flush")
def _flushing(session: Session, *_args) -> None:
    session.info["audit_flushing"] = True  # the unit of work's statements: after_flush


@event.listens_for(OrmSession, "after_flush_postexec")
def _flushed(session: Session, _ctx) -> None:
    session.info["audit_flushing"] = False


@event.listens_for(Engine, "before_execute")
def _note_bulk(conn, statement, multiparams, params, _options) -> None:
    """A bulk INSERT, UPDATE or DELETE on a covered table in a session's transaction (not
    the unit of work's flush): the rows it touches."""
    if not getattr(statement, "is_dml", False):
        return
    info = _SESSION_OF.get(conn)
    if info is None:
        return
    table = getattr(statement, "table", None)
    if table is None or table.name in UNCOVERED:
        return
    writes = info.setdefault("audit_writes", {})  # rows read or inserted before: still so?
    writes[table.name] = writes.get(table.name, 0) + 1
    if info.get("audit_flushing"):
        return
    table = _table(table.name)
    cols = _pk_cols(table)
    if statement.is_insert:
        given = (multiparams if multiparams and isinstance(multiparams[0], dict)
                 else [params] if params else [])
        keys = [c.name for c in cols]
        if given and all(k in given[0] for k in keys):  # the rows' keys are given
            info.setdefault("audit_bulk", {}).setdefault(table.name, set()).update(
                tuple(d[k] for k in keys) for d in given)
            return
        owner = next((c for c in _owners(table) if all(c in d for d in given)), None)
        if given and owner:  # rows of one document (an SB's items): read it back
            info.setdefault("audit_owned", {}).setdefault((table.name, owner), set()).update(
                d[owner] for d in given)
            return
        if not multiparams and params and len(cols) == 1:  # one row: its key once inserted
            info["audit_inserting"] = (statement, table.name, params)
            return
        # the rows inserted have keys above the highest one now (noted once a transaction)
        floors = info.setdefault("audit_floor", {})
        if table.name not in floors and len(cols) == 1 and isinstance(cols[0].type, Integer):
            floors[table.name] = conn.execute(_max_key(table.name)).scalar() or 0
        elif len(cols) != 1 or not isinstance(cols[0].type, Integer):
            floors[table.name] = None  # re-read the whole table at commit
        return
    q = select(*cols)
    if statement.whereclause is not None:
        q = q.where(statement.whereclause)
    info.setdefault("audit_bulk", {}).setdefault(table.name, set()).update(
        tuple(r) for r in conn.execute(q))


@event.listens_for(Engine, "after_execute")
def _note_inserted(conn, statement, _multiparams, _params, _options, result) -> None:
    """The key of the one row a bulk INSERT noted by ``_note_bulk`` inserted."""
    if not getattr(statement, "is_insert", False):
        return
    info = _SESSION_OF.get(conn)
    if info is None:
        return
    noted = info.pop("audit_inserting", None)
    if noted is None or noted[0] is not statement:
        return
    _, name, params = noted
    pk = result.inserted_primary_key
    if pk is None or None in pk:  # not told: re-read the whole table at commit
        info.setdefault("audit_floor", {})[name] = None
        return
    info.setdefault("audit_bulk", {}).setdefault(name, set()).add(tuple(pk))
    table = _table(name)
    (key_col,) = _pk_cols(table)
    if all(c.name in params for c in table.columns if c is not key_col):  # the row is known
        values = dict(params)
        values[key_col.name] = pk[0]
        info.setdefault("audit_values", {})[_key(name, pk)] = (
            info["audit_writes"][name], values)


def note_read(session: Session, table: Table, owner: str, owner_id: Any, rows: list) -> None:
    """``rows``: every row of ``table`` whose ``owner`` column is ``owner_id`` (an SB's items),
    as ``select(table)`` just read them in this transaction. When the transaction wrote them
    and writes that table no more, they are hashed as read instead of read again."""
    owned = session.info.get("audit_owned")
    if owned and owner_id in owned.get((table.name, owner), ()):
        session.info.setdefault("audit_read", {})[(table.name, owner, owner_id)] = (
            session.info.get("audit_writes", {}).get(table.name, 0), rows)


@cache
def _max_key(name: str):
    return select(func.max(_pk_cols(_table(name))[0]))


@cache
def _rows_above(name: str):
    return select(_table(name)).where(_pk_cols(_table(name))[0] > bindparam("floor"))


@cache
def _rows_of(name: str, column: str):
    table = _table(name)
    return select(table).where(table.c[column].in_(bindparam("ids", expanding=True)))


@cache
def _rows_of_one(name: str, column: str):
    table = _table(name)
    return select(table).where(table.c[column] == bindparam("id"))


@cache
def _owners(table: Table) -> list[str]:
    """A table's foreign keys to other covered tables, in order: the documents its rows
    belong to (an item's SB)."""
    return [c.name for c in table.columns
            if any(fk.column.table.name not in UNCOVERED for fk in c.foreign_keys)]


def _wrote(info: dict) -> list[str]:
    """The covered tables this transaction wrote to."""
    names = {k.split(":", 1)[0] for k in info.get("audit_objs", ())}
    names |= {n for n, pks in info.get("audit_bulk", {}).items() if pks}
    names |= {n for n, _ in info.get("audit_owned", ())}
    return sorted(names | set(info.get("audit_floor", ())))


def _listing(session: Session) -> str:
    """The rows this transaction wrote, as it leaves them: ``table:key hash`` per line
    (``-``: deleted). Rows of bulk statements are read back; rows the unit of work flushed
    are hashed from their objects, as flushed."""
    info = session.info
    found: dict[str, str] = {}
    writes = info.get("audit_writes", {})
    read = info.pop("audit_read", {})  # rows read since their last write: hashed as read
    reads: list = [(name, select(_table(name)), {}) if floor is None else
                   (name, _rows_above(name), {"floor": floor})
                   for name, floor in info.pop("audit_floor", {}).items()]
    for (name, owner), ids in info.pop("audit_owned", {}).items():
        if len(ids) == 1:
            (one,) = ids
            seen = read.get((name, owner, one))
            reads.append((name, None, seen[1]) if seen and seen[0] == writes.get(name, 0)
                         else (name, _rows_of_one(name, owner), {"id": one}))
        else:
            reads.append((name, _rows_of(name, owner), {"ids": sorted(ids)}))
    conn = session.connection()
    for name, q, args in reads:
        cols = _pk_cols(_table(name))
        for row in (args if q is None else conn.execute(q, args)):
            m = row._mapping
            found[_key(name, (m[c.name] for c in cols))] = row_digest(name, row)
    inserted = info.pop("audit_values", {})  # rows inserted with every value, unwritten since
    for key, (count, values) in inserted.items():
        name = key.split(":", 1)[0]
        if key not in found and count == writes.get(name, 0):
            shape = _shape(_table(name))
            found[key] = _hash(shape, tuple(values[n] for n in shape.names))
    for name, pks in info.pop("audit_bulk", {}).items():
        keys = {_key(name, pk): pk for pk in pks}
        wanted = {pk for k, pk in keys.items() if k not in found}
        if wanted:
            found.update(_rows_now(session, _table(name), wanted))
        found.update((k, "-") for k in keys if k not in found)
    for key, obj in info.pop("audit_objs", {}).items():
        if key in found:
            continue
        state = None if obj is None else inspect(obj)
        if state is None or state.deleted or state.was_deleted or not state.has_identity:
            found[key] = "-"
        else:
            found[key] = _obj_digest(_shape(state.mapper.local_table), obj)
    return "\n".join(sorted(f"{k} {h}" for k, h in found.items() if k not in VOLATILE_ROWS))


# ---- appending ----
# A record is inserted (a Core INSERT, no ORM object) as soon as the act is recorded, so
# that the transaction's own queries see it, with the links and hash it has as long as a
# later record of the same transaction follows it (no rows: ``rows`` "", ``row_hash`` the
# hash of ""). When the transaction commits only its last record can still change: it takes
# the transaction's rows (``_seal``), is updated when there are any, and the head moves to
# it: one UPDATE of the head per transaction, locked at its first record.

_REC, _HEAD = t.AuditRecord.__table__, t.AuditHead.__table__
# The head, locked, and any record already past it (the head moved back, or made again by
# `ices init` after it was deleted): appending there would collide. A record past the head
# is looked for in the same statement, which on PostgreSQL sees records as of the moment the
# statement began, never a record past a head it had to wait for.
_LOCK_HEAD = (select(_HEAD.c.seq, _HEAD.c.hash, _REC.c.seq)
              .select_from(_HEAD.outerjoin(_REC, _REC.c.seq == _HEAD.c.seq + 1))
              .where(_HEAD.c.id == 1).with_for_update(of=_HEAD))
_INSERT = _REC.insert()
_SET_LAST = update(_REC).where(_REC.c.id == bindparam("i")).values(
    rows=bindparam("r"), row_hash=bindparam("rh"), hash=bindparam("h"))
_SET_HEAD = update(_HEAD).where(_HEAD.c.id == 1).values(seq=bindparam("s"),
                                                        hash=bindparam("h"))
_NO_ROWS = _sha("")


@dataclass
class Appended:
    """A record appended in the current transaction: its row id, its sequence number, and
    its fields as inserted (``hash`` final unless it is the transaction's last record)."""

    id: int
    seq: int
    values: dict[str, Any]

    @property
    def hash(self) -> str:
        return self.values["hash"]


@dataclass
class _Chain:
    """The chain as this transaction sees it: the head locked at its first record, and the
    records it appended since (a savepoint rolled back takes its records with it)."""

    head_seq: int
    head_hash: str
    appended: list[Appended] = field(default_factory=list)


def _lock_head(session: Session) -> _Chain:
    """The chain head, locked for this transaction; refuses a head that is missing or
    behind the last record. (A head ahead of the records, or with another hash, is not
    refused here: the next record would not collide, and ``verify`` reports the cut.)"""
    chain_ = session.info.get("audit_chain")  # locked once per transaction, then reused
    if chain_ is not None:
        return chain_
    found = session.connection().execute(_LOCK_HEAD).first()
    if found is None:
        raise TrailBroken("the audit trail's head is missing: no act can be recorded until "
                          "the database is restored from a backup (ices audit verify)")
    seq, hash_, past = found
    if past is not None:
        raise TrailBroken(f"the audit trail's head (record {seq}) is behind its last "
                          "record: no act can be recorded until the database is restored "
                          "(ices audit verify)")
    chain_ = session.info["audit_chain"] = _Chain(seq, hash_)
    return chain_


def record(
    session: Session,
    actor: Actor,
    at: datetime,
    doc_kind: str,
    doc_ref: str | int,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
) -> Appended:
    """Append one record inside the caller's transaction. The last record of the
    transaction takes the rows it wrote when it commits (``_seal``)."""
    chain_ = _lock_head(session)
    last = chain_.appended[-1] if chain_.appended else None
    values = {
        "seq": (last.seq if last else chain_.head_seq) + 1, "at": at,
        "officer": actor.username, "role": actor.role.value, "terminal": actor.terminal,
        "doc_kind": doc_kind, "doc_ref": str(doc_ref), "action": action,
        "from_state": from_state, "to_state": to_state, "reason": reason,
        "prev_hash": last.hash if last else chain_.head_hash,
        "row_hash": _NO_ROWS, "rows": "",
    }
    values["hash"] = _digest_of(values)
    rec_id = session.connection().execute(_INSERT, values).inserted_primary_key[0]
    rec = Appended(rec_id, values["seq"], values)
    chain_.appended.append(rec)
    return rec


@event.listens_for(OrmSession, "after_transaction_create")
def _savepoint(session: Session, transaction) -> None:
    """A savepoint begins: note how far the chain was, to cut back to it on its rollback."""
    if transaction.nested:
        chain_ = session.info.get("audit_chain")
        session.info.setdefault("audit_marks", {})[transaction] = (
            None if chain_ is None else len(chain_.appended))


@event.listens_for(OrmSession, "after_soft_rollback")
def _savepoint_rolled_back(session: Session, previous) -> None:  # noqa: ANN001
    """A savepoint rolled back takes its records with it, and a head it locked (PostgreSQL
    gives back a row lock taken after the savepoint): lock it again at the next record."""
    if not previous.nested:
        return
    writes = session.info.get("audit_writes")
    if writes:  # rows it wrote, read or inserted are read back at commit, not taken as noted
        for name in writes:
            writes[name] += 1
    mark = session.info.get("audit_marks", {}).pop(previous, False)
    if mark is False:
        return
    if mark is None:
        session.info.pop("audit_chain", None)
    else:
        del session.info["audit_chain"].appended[mark:]


@event.listens_for(OrmSession, "before_commit")
def _seal(session: Session) -> None:
    """Hash the rows the transaction wrote onto its last record; move the head to it."""
    if session.in_nested_transaction():  # a savepoint: the transaction seals at its end
        return
    info = session.info
    chain_ = info.get("audit_chain")
    if not ((chain_ and chain_.appended) or info.get("audit_objs") or info.get("audit_bulk")
            or info.get("audit_floor") or info.get("audit_owned")
            or session.new or session.dirty or session.deleted):
        return
    session.flush()
    chain_ = info.get("audit_chain")
    if chain_ is None or not chain_.appended:
        names = _wrote(info)
        if not names:
            return
        record(session, system_actor(""), wall_now(), "ROWS", names[0][:40], "rows_written",
               reason="rows written outside a recorded act: " + ", ".join(names))
        chain_ = info["audit_chain"]
    listing = _listing(session)
    last = chain_.appended[-1]
    if listing:
        values = last.values
        values["rows"], values["row_hash"] = listing, _sha(listing)
        values["hash"] = _digest_of(values)
        session.connection().execute(_SET_LAST, {"i": last.id, "r": listing,
                                                 "rh": values["row_hash"], "h": values["hash"]})
    session.connection().execute(_SET_HEAD, {"s": last.seq, "h": last.hash})
    chain_.head_seq, chain_.head_hash, chain_.appended = last.seq, last.hash, []


@event.listens_for(OrmSession, "after_commit")
@event.listens_for(OrmSession, "after_soft_rollback")
def _forget(session: Session, *_args) -> None:
    """The transaction is over (not a savepoint inside it): forget what it noted."""
    if session.in_transaction():
        return
    for conn in session.info.pop("audit_connections", ()):
        _SESSION_OF.pop(conn, None)
    for key in ("audit_chain", "audit_marks", "audit_objs", "audit_bulk", "audit_floor",
                "audit_owned", "audit_flushing", "audit_inserting", "audit_writes",
                "audit_read", "audit_values"):
        session.info.pop(key, None)


# ---- verifying ----


@dataclass
class Verification:
    records: int
    problems: list[str]
    head_seq: int | None = None
    head_hash: str | None = None
    predating: int = 0  # records appended before row hashing (no row hash)
    rows_checked: int = 0
    rows_unchecked: int = 0  # rows no act has written since row hashing began
    anchor: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {"ok": self.ok, "records": self.records, "problems": self.problems,
                "head": {"seq": self.head_seq, "hash": self.head_hash},
                "records_before_row_hashing": self.predating,
                "rows_checked": self.rows_checked, "rows_unchecked": self.rows_unchecked,
                "anchor": self.anchor}

    def summary(self) -> str:
        lines = [f"{self.records} records: " + ("chain intact" if self.ok else "TAMPERED")]
        lines += [f"  {p}" for p in self.problems]
        lines.append(f"documents: {self.rows_checked} rows checked against the chain"
                     + (f", {self.rows_unchecked} not yet hashed" if self.rows_unchecked
                        else ""))
        if self.predating:
            lines.append(f"{self.predating} records predate row hashing (no row hash)")
        if self.anchor:
            lines.append(f"anchor: record {self.anchor['seq']} "
                         + ("found with its hash" if self.ok else "checked"))
        lines.append(f"head: record {self.head_seq} {self.head_hash}"
                     if self.head_seq is not None else "head: MISSING")
        return "\n".join(lines)


@dataclass
class _Problems:
    lines: list[str] = field(default_factory=list)
    counts: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, text: str) -> None:
        self.counts.setdefault(kind, []).append(text)

    def render(self) -> list[str]:
        out = list(self.lines)
        for kind, items in self.counts.items():
            out += items[:SHOWN]
            if len(items) > SHOWN:
                out.append(f"... and {len(items) - SHOWN} more rows {kind}")
        return out


def verify(session: Session, anchor: dict | None = None) -> Verification:
    """Walk the chain from the first record; check every covered row against the last hash
    the chain holds for it; check the chain still holds ``anchor`` ({"seq", "hash"})."""
    problems = _Problems()
    prev_hash, expected_seq, count, predating = GENESIS, 1, 0, 0
    latest: dict[str, tuple[str, int]] = {}  # row key -> (hash or "-", record seq)
    acts: dict[int, str] = {}  # seq -> "file on SB J12 by opr1", for records with rows
    anchored = None
    rows = session.exec(select(t.AuditRecord).order_by(t.AuditRecord.seq)).yield_per(2000)
    for rec in rows:
        count += 1
        if rec.seq != expected_seq:
            problems.lines.append(f"record {expected_seq}: missing (next present is {rec.seq})")
        if rec.prev_hash != prev_hash:
            problems.lines.append(f"record {rec.seq}: link to the previous record is broken")
        if _digest(rec) != rec.hash:
            problems.lines.append(f"record {rec.seq}: contents altered (hash mismatch)")
        if rec.row_hash is None:
            predating += 1
        else:
            if _sha(rec.rows or "") != rec.row_hash:
                problems.lines.append(f"record {rec.seq}: its row hashes were altered")
            if rec.rows:
                acts[rec.seq] = (f"{rec.action} on {rec.doc_kind} {rec.doc_ref} by "
                                 f"{rec.officer}")
                for line in rec.rows.split("\n"):
                    key, _, h = line.rpartition(" ")
                    latest[key] = (h, rec.seq)
        if anchor and rec.seq == anchor.get("seq"):
            anchored = rec.hash
        prev_hash, expected_seq = rec.hash, rec.seq + 1
    last_seq = expected_seq - 1
    head = session.get(t.AuditHead, 1)
    if head is None:
        problems.lines.append(f"the chain head is missing (the last record found is "
                              f"{last_seq}): the trail was cut or emptied")
    elif head.seq > last_seq:
        problems.lines.append(f"chain head says {head.seq} records; the last record found is "
                              f"{last_seq}: records deleted from the end")
    elif head.seq < last_seq:
        problems.lines.append(f"chain head says {head.seq} records; {last_seq - head.seq} "
                              "records beyond the head: the head was moved back")
    elif head.hash != prev_hash:
        problems.lines.append(f"chain head's hash is not record {last_seq}'s: the head was "
                              "rewritten")
    if anchor:
        if anchor.get("seq", 0) > last_seq:
            problems.lines.append(f"the anchor holds record {anchor['seq']}, the chain ends at "
                                  f"{last_seq}: records deleted since the anchor was kept")
        elif anchored != anchor.get("hash"):
            problems.lines.append(f"record {anchor['seq']} is not the one anchored: the chain "
                                  "was rewritten since the anchor was kept")
    checked, unchecked = _check_rows(session, latest, acts, predating, problems)
    return Verification(count, problems.render(), head.seq if head else None,
                        head.hash if head else None, predating, checked, unchecked, anchor)


def _check_rows(session: Session, latest: dict[str, tuple[str, int]], acts: dict[int, str],
                predating: int, problems: _Problems) -> tuple[int, int]:
    """Every covered row against the chain's last hash of it; what the chain says was
    written and is gone. Returns (rows checked, rows no act has hashed)."""
    checked = unchecked = 0

    def by(seq: int) -> str:
        return f"record {seq}: {acts.get(seq, '')}"

    tables = covered()
    names = set(tables)
    for name, table in tables.items():
        cols = _pk_cols(table)
        label = LABELS.get(name)
        for row in session.execute(select(table)):
            m = row._mapping
            key = _key(name, (m[c.name] for c in cols))
            shown = f"{label(m)} ({key})" if label else key
            want = latest.pop(key, None)
            if key in VOLATILE_ROWS:
                continue
            if want is None:
                if predating:
                    unchecked += 1
                else:
                    problems.add("not written by any recorded act",
                                 f"{shown}: not written by any recorded act")
                continue
            checked += 1
            h, seq = want
            if h == "-":
                problems.add("present though deleted by an act",
                             f"{shown}: present, though {by(seq)} deleted it")
            elif row_digest(name, row) != h:
                problems.add("changed outside any act",
                             f"{shown}: changed since {by(seq)}")
    for key, (h, seq) in latest.items():
        if h != "-" and key.split(":", 1)[0] in names:
            problems.add("deleted outside any act", f"{key}: deleted; last written by {by(seq)}")
    return checked, unchecked


def head(session: Session) -> tuple[int, str] | None:
    """The chain head (sequence, hash), or None when it is missing."""
    h = session.get(t.AuditHead, 1)
    return (h.seq, h.hash) if h else None


def history(session: Session, doc_kind: str, doc_ref: str | int) -> list[t.AuditRecord]:
    """A document's records, oldest first."""
    return list(
        session.exec(
            select(t.AuditRecord)
            .where(t.AuditRecord.doc_kind == doc_kind, t.AuditRecord.doc_ref == str(doc_ref))
            .order_by(t.AuditRecord.seq)
        )
    )
