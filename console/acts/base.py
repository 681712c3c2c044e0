"""Acts as data: who may do what to which document, in which state (roles.md).

Every document kind declares its states (a ``StrEnum``) and an ``ActTable`` of the acts
that may be taken on it. An ``Act`` row names:

* the roles that may take it (``rank``: a supervisor of at least that rank; an approval
  given to a rank may be given by a higher one, roles.md);
* the states it may start from (none: the act makes the document, or keeps no state);
* the states it may lead to (none: the state is kept, e.g. a payment recorded; several
  where the outcome decides, e.g. an assessment goes on to the AC/DC or not);
* the rule it serves;
* ``confirm``: it moves money or cannot be undone, so a screen asks first;
* ``not_by``: the document's field naming the officer who may not take it (nobody
  approves their own request); ``assigned``: the field naming the only officer who may
  take it once set (an SB marked to one examiner); ``rank_from``: the field naming a rank
  the document itself requires on top of ``rank`` (EXP-AMD-2: after LEO the Additional
  Commissioner);
* ``refuse``: why a state refuses the act, where a rule other than the act's own says so
  (an SB awaiting AC/DC clearance refuses goods registration under EXP-ASM-5);
* ``person``: taken by an officer (offered on screens and the CLI), or ``False`` when the
  system takes it (routing, Auto-LEO, lapse); ``via``: the act (``KIND.name``) it is a
  consequence of (an SB goes to ``query_pending`` when its query is approved): checked
  for its state only, and taken by whoever takes that act;
* ``queue``: the document waits for this act, so it is listed in the worklist of the
  roles that take it (the next step of the life cycle, not a print or a side act); a set
  of roles: only theirs (the carrier files the EGM; the service centre keys one only when
  brought on paper);
* ``fn``: the service function that takes it (``exports.leo.give_let_export_order``), so a
  rule id leads to its act row and its code in one step.

Services take every act through its table: ``ActTable.take`` (or ``check`` for an act
that makes a document) refuses, in one place and before the domain logic runs, an officer
whose role, rank or posting does not allow the act, a document in a state the act may
not start from, a document changed since the officer saw it, and a request approved by
the officer who made it. Views carry ``open_to(actor, doc)``; screens, help, the command
palette and the CLI's help read the same rows (``ices acts``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import bindparam
from sqlmodel import Session, select

from console.errors import Conflict, IcesError, NotFound, NotPermitted, RuleViolation
from console.roles import RANK, Actor, Role


class Check(StrEnum):
    """What an act table refuses on (``IcesError.check``)."""

    ROLE = "role"
    RANK = "rank"
    LOCATION = "location"
    STATE = "state"
    VERSION = "version"
    SELF = "self"
    ASSIGNED = "assigned"


SUPERVISORS = frozenset(RANK)


def at_least(rank: Role) -> frozenset[Role]:
    """The supervisory ranks at or above ``rank`` (roles.md)."""
    return frozenset(r for r, n in RANK.items() if n >= RANK[rank])


@dataclass(frozen=True)
class Act:
    """One row of an act table (see the module docstring)."""

    name: str
    does: str  # "give the Let Export Order": help, CLI help and refusals read it
    rule: str
    roles: frozenset[Role] = frozenset()
    from_: frozenset[str] = frozenset()
    to: frozenset[str] = frozenset()
    rank: Role | None = None
    confirm: bool = False
    not_by: str = ""
    assigned: str = ""
    rank_from: str = ""
    refuse: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    person: bool = True
    queue: bool | frozenset[Role] = False
    via: str = ""
    fn: str = ""
    kind: str = ""  # set by the table
    table: ActTable | None = field(default=None, compare=False, repr=False)

    @property
    def who(self) -> frozenset[Role]:
        """Every role that may take the act."""
        return self.roles | (at_least(self.rank) if self.rank else frozenset())

    @property
    def makes(self) -> bool:
        """The act makes its document (or acts on no state): no from-state."""
        return not self.from_

    @property
    def id(self) -> str:
        return f"{self.kind}.{self.name}"

    def who_text(self) -> str:
        if not self.person:
            return "the system"
        roles = sorted((r.value for r in self.roles), key=_role_order)
        if self.rank:
            roles.append(f"{self.rank.value} or higher")
        return ", ".join(roles)


def _role_order(code: str) -> int:
    return list(Role).index(Role(code))


def act(name: str, does: str, rule: str, *, roles: Iterable[Role] = (),
        from_: Iterable[str] = (), to: str | Iterable[str] = (), **kw: Any) -> Act:
    """An ``Act`` row, with plain iterables for roles and states (``to``: one or several)."""
    targets = frozenset((to,)) if isinstance(to, str) else frozenset(to)
    if kw.get("via") or kw.get("person") is False:
        kw["person"] = False
    return Act(name, does, rule, frozenset(roles), frozenset(from_), targets, **kw)


class Of:
    """A document read through one of its rows: ``state = Of("req")`` on a wrapper is the
    ``state`` of its ``req`` row, read and written there (a request's state with its SB's
    location, an IGM's rank with its own state)."""

    def __init__(self, row: str) -> None:
        self.row = row

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        return self if obj is None else getattr(getattr(obj, self.row), self.name)

    def __set__(self, obj: Any, value: Any) -> None:
        setattr(getattr(obj, self.row), self.name, value)


class Stateful(Protocol):
    state: str
    version: int


D = TypeVar("D")


class ActTable(Generic[D]):
    """The acts of one document kind, and the one check every service makes."""

    def __init__(self, kind: str, title: str, states: type[StrEnum], acts: Iterable[Act], *,
                 load: Callable[..., D] | None = None,
                 ref: Callable[[Any], str] = lambda d: str(getattr(d, "id", "")),
                 labels: Mapping[str, str] | None = None, audit_kind: str = "",
                 state: Callable[[Any], str] = lambda d: getattr(d, "state", ""),
                 set_state: Callable[[Any, str], None] | None = None) -> None:
        self.kind, self.title, self.states = kind, title, states
        self.audit_kind = audit_kind or kind  # the trail a record goes on (a query: its SB's)
        self.acts: dict[str, Act] = {}
        for a in acts:
            a = replace(a, kind=kind, table=self)
            bad = {s for s in (*a.from_, *a.to, *a.refuse)
                   if s not in states._value2member_map_}
            assert not bad, f"{kind}.{a.name}: unknown states {bad}"
            assert a.name not in self.acts, f"{kind}.{a.name} twice"
            self.acts[a.name] = a
        self.load, self._ref = load, ref
        self.labels = dict(labels or {})
        # a document's state; a row without a state column derives it and sets it its way
        self.state_of, self.set_state = state, set_state or _set_state

    def __getitem__(self, name: str) -> Act:
        return self.acts[name]

    def __iter__(self):
        return iter(self.acts.values())

    def label(self, state: str) -> str:
        return self.labels.get(state, str(state).replace("_", " "))

    def ref(self, doc: Any) -> str:
        return self._ref(doc)

    # ---- the decision ----

    def refusal(self, actor: Actor, name: str, doc: Any = None, *,
                expected_version: int | None = None,
                location: str | None = None) -> IcesError | None:
        """Why ``actor`` may not take ``name`` on ``doc`` now, or None. ``location``: where
        the act happens when ``doc`` (or its location) is not at hand."""
        a = self.acts[name]
        if a.via:  # a consequence: whoever took ``via`` was checked; only the state here
            return self._state_refusal(a, doc)
        if not a.person and not actor.is_system:
            return _refuse(NotPermitted(f"{a.does[:1].upper()}{a.does[1:]} is done by the "
                                        "system, not by an officer", a.rule), Check.ROLE, a)
        if not actor.is_system and actor.role not in a.who:
            return _refuse(NotPermitted(f"{actor.username} ({actor.role.value}) may not "
                                        f"{a.does}: needs {a.who_text()}", a.rule), Check.ROLE, a)
        ref = self.ref(doc) if doc is not None else ""
        where = location if location is not None else getattr(doc, "location_code", None)
        if where and where != actor.location_code:
            what = f"{self.title} {ref} is at {where}" if ref else f"this is done at {where}"
            return _refuse(NotPermitted(f"{what}; {actor.username} is posted at "
                                        f"{actor.location_code} and may not {a.does} there",
                                        a.rule), Check.LOCATION, a)
        if doc is None:
            return None
        if a.rank_from and not actor.is_system:
            needed = getattr(doc, a.rank_from, "") or ""
            if needed and RANK.get(actor.role, 0) < RANK.get(Role(needed), 0):
                # the document knows why it needs the rank (EXP-AMD-2 or -3)
                return _refuse(NotPermitted(f"{actor.username} ({actor.role.value}) may not "
                                            f"{a.does}: needs {needed} or higher",
                                            getattr(doc, "rule", "") or a.rule), Check.RANK, a)
        if expected_version is not None and getattr(doc, "version", None) != expected_version:
            return _refuse(Conflict(f"{self.title} {ref} was changed by another officer "
                                    f"(version {doc.version}, you saw {expected_version}); "
                                    "reload it and try again"), Check.VERSION, a)
        err = self._state_refusal(a, doc)
        if err is not None:
            return err
        if a.not_by and getattr(doc, a.not_by, "") == actor.username:
            return _refuse(NotPermitted(f"{actor.username} may not {a.does}: the request is "
                                        "their own (nobody approves their own request)", a.rule),
                           Check.SELF, a)
        if a.assigned:
            marked = getattr(doc, a.assigned, "")
            if marked and marked != actor.username:
                return _refuse(NotPermitted(f"{self.title} {ref}: only {marked} may {a.does}",
                                            a.rule), Check.ASSIGNED, a)
        return None

    def _state_refusal(self, a: Act, doc: Any) -> IcesError | None:
        state = self.state_of(doc) if doc is not None else ""
        if doc is None or not a.from_ or state in a.from_:
            return None
        rule, why = a.refuse.get(state, (a.rule, ""))
        short = sorted(str(s).replace("_", " ") for s in a.from_)
        if len(short) > 4:
            short = short[:3] + [f"{len(a.from_) - 3} other states"]
        return _refuse(RuleViolation(rule, f"{self.title} {self.ref(doc)} is "
                                     f"{self.label(state)}; " + (why or (
                                         f"to {a.does} it must be " + " or ".join(short)))),
                       Check.STATE, a)

    def check(self, actor: Actor, name: str, doc: Any = None, *,
              expected_version: int | None = None, location: str | None = None) -> Act:
        """Refuse (raise) unless ``actor`` may take ``name`` on ``doc`` now; the act."""
        err = self.refusal(actor, name, doc, expected_version=expected_version,
                           location=location)
        if err is not None:
            raise err
        return self.acts[name]

    def take(self, session: Session, actor: Actor, name: str, ref: Any, *,
             expected_version: int | None = None, by: str = "") -> D:
        """The one start of an act on an existing document: the role is checked before
        anything is read; the document is loaded holding its row lock; then its location,
        state, version, requester and assignee are checked. Returns the document."""
        err = self.refusal(actor, name)
        if err is not None:
            raise err
        if self.load is None:
            raise TypeError(f"{self.kind} has no loader")
        doc = self.load(session, ref, by=by) if by else self.load(session, ref)
        self.check(actor, name, doc, expected_version=expected_version)
        return doc

    def open_to(self, actor: Actor, doc: Any = None, *,
                location: str | None = None) -> tuple[str, ...]:
        """The acts ``actor`` may take on ``doc`` now, by name (a person's acts only); with no
        ``doc``, the acts that make a document."""
        return tuple(a.name for a in self.acts.values()
                     if a.person and a.makes == (doc is None)
                     and self.refusal(actor, a.name, doc, location=location) is None)

    def waiting_for(self, role: Role) -> tuple[str, ...]:
        """The states in which a document waits for ``role`` (its ``queue`` acts; a rank's
        act waits for that rank itself, not for every higher one), in state order."""
        out: set[str] = set()
        for a in self.acts.values():
            if not a.queue:
                continue
            by = _find(a.via) if a.via else a
            who = by.roles | ({by.rank} if by.rank else set())
            if not isinstance(a.queue, bool):
                who = a.queue
            if role in who:
                out |= a.from_
        return tuple(s for s in self.states if s in out)

    def transitions(self) -> dict[str, set[str]]:
        """from-state -> the states an act may lead to (the state diagram)."""
        out: dict[str, set[str]] = {}
        for a in self.acts.values():
            for s in a.from_:
                out.setdefault(s, set()).update(a.to)
        return out


def _find(act_id: str) -> Act:
    from console.acts import find  # the registry imports every table module

    return find(act_id)


def _set_state(doc: Any, state: str) -> None:
    if hasattr(doc, "state"):
        doc.state = state


def _refuse(err: IcesError, check: Check, act: Act) -> IcesError:
    err.check, err.act = check.value, act.id
    return err


def loader(table: str, noun: str, *, key: str = "id",
           keys: Mapping[str, tuple[str, str]] | None = None) -> Callable[..., Any]:
    """A loader for ``ActTable``: the row of ``db.tables``' ``table`` whose ``key`` (or, with
    ``by``, the column named by ``keys[by]``) equals ``ref``, holding its row lock; NotFound
    names the ``noun``. The table is named, not given: an act module loads no table module
    until an act loads a document (a read command imports the act tables, issue 20)."""
    keys = {"": (key, noun), **(keys or {})}
    built: dict[tuple[str, bool], Any] = {}  # (by, lock) -> its statement, built once

    def load(session: Session, ref: Any, *, by: str = "", lock: bool = True) -> Any:
        column, what = keys[by]
        q = built.get((by, lock))
        if q is None:
            import db.tables

            model = getattr(db.tables, table)
            q = select(model).where(getattr(model, column) == bindparam("ref"))
            q = built[(by, lock)] = q.with_for_update() if lock else q
        row = session.exec(q, params={"ref": ref}).first()
        if row is None:
            raise NotFound(f"{what} {ref} not found")
        return row

    return load
