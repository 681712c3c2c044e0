"""Acts as data, proved from the tables themselves (roles.md, every chapter's rules).

For every act a person may take, as every role, at the act's own location and at
another, in every state of its document kind (and as the officer who made the request,
where nobody may approve their own): the service refuses exactly where the act table
says it must, with the table's reason, and a refusal changes nothing; where the table
allows the act, the service never refuses on who, where or when (only on the domain's
own rules: a missing reply, a balance exhausted). The cases are in ``tests/acts_cases``.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from sqlalchemy import func
from sqlmodel import select

import db.tables as t
import tests.acts_cases as cases_pkg
from console.acts import tables
from console.errors import IcesError, NotPermitted
from console.roles import Actor, Role
from tests.acts_cases.base import HOME, OTHER, Subject

CHAPTERS = [importlib.import_module(f"{cases_pkg.__name__}.{m.name}")
            for m in pkgutil.iter_modules(cases_pkg.__path__) if m.name != "base"]
CALLS = {k: v for c in CHAPTERS for k, v in c.CALLS.items()}
COUNTS: dict[str, int] = {}


def person_acts():
    return [a for table in tables().values() for a in table if a.person]


def test_every_person_act_has_a_call_and_a_service():
    """Every act an officer may take has a service function (``fn``) that names it, and a
    case here; every case names an act of the tables."""
    import console.services as services_pkg

    missing = [a.id for a in person_acts() if a.id not in CALLS]
    assert not missing, f"acts without a case in tests/acts_cases: {missing}"
    unknown = [k for k in CALLS if k.split(".")[0] not in tables()
               or k.split(".")[1] not in tables()[k.split(".")[0]].acts]
    assert not unknown, f"cases for no act: {unknown}"
    for a in person_acts():
        assert a.fn, f"{a.id} names no service function"
        module, _, name = a.fn.rpartition(".")
        fn = getattr(importlib.import_module(f"{services_pkg.__name__}.{module}"), name)
        assert callable(fn), a.id


def _actors(act, doc) -> list[Actor]:
    out = [Actor(f"t{role.value.lower()}{n}", f"{role.value} test", role, where)
           for role in Role for n, where in enumerate((HOME, OTHER))]
    if act.not_by and doc is not None and getattr(doc, act.not_by, ""):
        who = getattr(doc, act.not_by)
        out += [Actor(who, "the requester", role, HOME) for role in act.who]
    return out


def _fingerprint(core, subject: Subject | None):
    with core.db.read() as s:
        head = s.exec(select(t.AuditHead.seq)).one()
        rows = s.exec(select(func.count()).select_from(t.AuditRecord)).one()
        doc = None
        if subject is not None:
            loaded = subject.load(s)
            rows_of = getattr(loaded, "__dict__", {})
            doc = repr(sorted((k, repr(v)) for k, v in rows_of.items()
                              if not k.startswith("_")))
        return head, rows, doc


def _doc(core, subject: Subject | None):
    if subject is None:
        return None
    with core.db.read() as s:
        return subject.load(s)


def _walk(core, actors, kind: str) -> int:
    table = tables()[kind]
    subjects = {sub.kind: sub for c in CHAPTERS for sub in c.subjects(core, actors)}
    tried = 0
    for a in table:
        if not a.person:
            continue
        subject = None if a.makes else subjects[kind]
        states = [None] if a.makes else list(table.states)
        for state in states:
            if state is not None:
                subject.put(core, state)
            doc, before = _doc(core, subject), _fingerprint(core, subject)
            for actor in _actors(a, doc):
                expected = table.refusal(actor, a.name, doc)
                try:
                    CALLS[a.id](core, actor, None if subject is None else subject.ref)
                except IcesError as err:
                    if expected is not None:
                        assert (err.act, err.check) == (a.id, expected.check), (
                            a.id, actor, state, err)
                    else:  # the domain's own refusal (or a consequence's), never who/where
                        assert err.act != a.id and not (
                            isinstance(err, NotPermitted) and not err.act), (
                            f"{a.id} as {actor.role} at {actor.location_code} in {state}: "
                            f"the table allows it but the service refused: {err}")
                    assert _fingerprint(core, subject) == before, (a.id, actor, state)
                except Exception:  # noqa: BLE001
                    # A state forced onto a document can contradict its rows (goods
                    # registered twice): the domain breaks, not the table; where the table
                    # refuses, it refuses before the domain runs, so this is an allowed act.
                    assert expected is None, (a.id, actor, state)
                    assert _fingerprint(core, subject) == before, (a.id, actor, state)
                else:
                    assert expected is None, (
                        f"{a.id} as {actor.role} at {actor.location_code} in {state}: the "
                        f"table refuses ({expected}) but the service did it")
                    if state is not None:  # the act moved it on: back to the state walked
                        subject.put(core, state)
                    doc, before = _doc(core, subject), _fingerprint(core, subject)
                tried += 1
    return tried


@pytest.mark.parametrize("kind", sorted(tables()))
def test_every_act_as_every_role_where_and_when_the_table_says(demo_core, actors, kind):
    """roles.md and every chapter: see the module docstring."""
    tried = _walk(demo_core, actors, kind)
    assert tried > 0 or not [a for a in tables()[kind] if a.person]
    print(f"\n{kind}: {tried} cases (act x role x location x state)")
