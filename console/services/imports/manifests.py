"""Import manifests: the IGM filed by a registered carrier, entry inwards, amendments of
its lines before and after entry inwards (IMP-IGM-1, IMP-IGM-2, IMP-REG-2); and what the
IGM register shows (``igms_here``: the IGMs at the officer's location, each line with the
BE filed against it, and the acts open to the officer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, select

import db.tables as t
from console import inputs
from console.acts.igm import IGM, G, IgmDoc
from console.core import Core
from console.errors import InvalidInput, NotFound, RuleViolation
from console.lifecycle import transition
from console.roles import Actor
from db.sequences import next_number

LINE_FIELDS = ("bl_no", "importer_name", "packages", "package_kind", "gross_weight_kg",
               "description")


@dataclass(frozen=True)
class IgmLineView:
    line_no: int
    bl_no: str
    importer_name: str
    packages: int
    package_kind: str
    gross_weight_kg: Decimal
    description: str
    be_no: int | None = None  # the H or W BE filed against the line (IMP-BE-1), once numbered
    be_job_no: int | None = None  # its job number (a draft has no BE number yet)

    @property
    def free(self) -> bool:
        """No declaration filed against the line yet: a BE may be keyed (IMP-BE-1)."""
        return self.be_job_no is None


@dataclass(frozen=True)
class IgmView:
    igm_no: int
    igm_date: date
    location_code: str
    carrier_code: str
    voyage: str
    arrival_date: date
    entry_inwards_at: datetime | None
    lines: tuple[IgmLineView, ...]
    version: int
    state: str = ""
    carrier_name: str = ""
    filed_by: str = ""
    entry_inwards_by: str = ""
    amend_rank: str = ""  # the rank a line amendment needs now (IMP-IGM-2), "" none
    acts: tuple[str, ...] = ()  # what the officer who asked may do to it now (IGM.act)


def _declarations(s: Session, line_ids: list[int]) -> dict[int, tuple[int | None, int]]:
    """line id -> (BE number, job number) of the H or W BE filed against it (IMP-BE-1)."""
    if not line_ids:
        return {}
    be = t.BillOfEntry
    rows = s.exec(select(be.igm_line_id, be.be_no, be.job_no)
                  .where(be.igm_line_id.in_(line_ids), be.be_type != "X")).all()
    return {line_id: (be_no, job_no) for line_id, be_no, job_no in rows}


def _views(s: Session, igms: list[t.Igm], actor: Actor | None) -> list[IgmView]:
    """The IGMs as shown, their lines and declarations read in two queries."""
    ids = [g.id for g in igms]
    lines: dict[int, list[t.IgmLine]] = {i: [] for i in ids}
    if ids:
        for x in s.exec(select(t.IgmLine).where(t.IgmLine.igm_id.in_(ids))
                        .order_by(t.IgmLine.igm_id, t.IgmLine.line_no)):
            lines[x.igm_id].append(x)
    filed = _declarations(s, [x.id for rows in lines.values() for x in rows])
    names = {c.code: c.name for c in s.exec(select(t.Carrier).where(
        t.Carrier.code.in_({g.carrier_code for g in igms})))} if igms else {}
    out = []
    for g in igms:
        doc = IgmDoc(g)
        acts = tuple(f"IGM.{n}" for n in IGM.open_to(actor, doc)) if actor else ()
        out.append(IgmView(
            g.igm_no, g.igm_date, g.location_code, g.carrier_code, g.voyage, g.arrival_date,
            g.entry_inwards_at,
            tuple(IgmLineView(x.line_no, x.bl_no, x.importer_name, x.packages, x.package_kind,
                              x.gross_weight_kg, x.description, *filed.get(x.id, (None, None)))
                  for x in lines[g.id]),
            g.version, g.state, names.get(g.carrier_code, ""), g.filed_by, g.entry_inwards_by,
            doc.rank_needed, acts))
    return out


def igm_view(s: Session, igm: t.Igm, actor: Actor | None = None) -> IgmView:
    """The IGM as shown; with ``actor``, the acts open to them."""
    return _views(s, [igm], actor)[0]


def igms_here(core: Core, actor: Actor, *, limit: int = 200) -> list[IgmView]:
    """The IGM register: the IGMs filed at the officer's location, newest first, each line
    with the BE filed against it (IMP-BE-1) and each IGM with the acts open to the officer
    (IMP-IGM-1, IMP-IGM-2)."""
    with core.db.read() as s:
        igms = list(s.exec(select(t.Igm).where(t.Igm.location_code == actor.location_code)
                           .order_by(t.Igm.igm_no.desc()).limit(limit)))
        return _views(s, igms, actor)


def get_igm(core: Core, igm_no: int, actor: Actor | None = None) -> IgmView:
    """One IGM by number; with ``actor``, the acts open to them."""
    with core.db.read() as s:
        return igm_view(s, load_igm(s, igm_no, lock=False), actor)


@dataclass(frozen=True)
class CarrierView:
    code: str
    name: str
    kind: str
    usual: bool = False  # the carrier the officer asking filed their last manifest for


def carriers(core: Core, actor: Actor | None = None) -> list[CarrierView]:
    """The registered carriers (IMP-REG-2, EXP-REG-3): who may file a manifest; with
    ``actor``, the one they filed their last IGM or EGM for is marked ``usual`` (the
    officer table does not tie an officer to a carrier: their own filings do)."""
    with core.db.read() as s:
        usual = None
        if actor is not None:
            last = [s.exec(select(m.carrier_code, m.filed_at).where(
                m.filed_by == actor.username).order_by(m.filed_at.desc()).limit(1)).first()
                for m in (t.Igm, t.Egm)]
            usual = max((x for x in last if x is not None), key=lambda x: x[1],
                        default=(None, None))[0]
        return [CarrierView(c.code, c.name, c.kind, c.code == usual)
                for c in s.exec(select(t.Carrier).order_by(t.Carrier.code))]


def load_igm(s: Session, igm_no: int, *, lock: bool = True) -> t.Igm:
    return IGM.load(s, igm_no, lock=lock).igm  # type: ignore[misc]


def _line(raw: dict, n: int) -> dict:
    p = f"lines[{n}]"
    out = {"line_no": inputs.count(raw.get("line_no") or n, f"{p}.line_no", "IMP-IGM-1")}
    for key in ("bl_no", "importer_name", "description"):
        value = inputs.text(raw.get(key), f"{p}.{key}", "IMP-IGM-1")
        if not value:
            raise InvalidInput(f"{p}.{key}", "required", "IMP-IGM-1")
        out[key] = value
    out["bl_no"] = out["bl_no"].upper()[:30]
    out["packages"] = inputs.count(raw.get("packages"), f"{p}.packages", "IMP-IGM-1")
    out["gross_weight_kg"] = inputs.number(raw.get("gross_weight_kg"), f"{p}.gross_weight_kg",
                                           "IMP-IGM-1", positive=True)
    out["package_kind"] = inputs.text(raw.get("package_kind"), f"{p}.package_kind",
                                      "IMP-IGM-1", limit=3).upper()
    return out


def file_igm(core: Core, actor: Actor, carrier_code: str, arrival_date: date,
             lines: list[dict], *, voyage: str = "") -> IgmView:
    """The shipping line/agent (or airline) files the IGM at the port of entry; it must be
    registered first, a registration valid at every location (IMP-IGM-1, IMP-REG-2)."""
    filed = IGM.check(actor, "file")
    if not lines:
        raise InvalidInput("lines", "an IGM has at least one line", "IMP-IGM-1")
    parsed = [_line(raw, n) for n, raw in enumerate(lines, 1)]
    if len({x["line_no"] for x in parsed}) != len(parsed):
        raise InvalidInput("lines", "line numbers repeat", "IMP-IGM-1")
    with core.db.write() as s:
        carrier = s.get(t.Carrier, carrier_code.strip().upper())
        if carrier is None:
            raise RuleViolation("IMP-REG-2", f"carrier {carrier_code} is not registered: it "
                                "registers (at any ICES location) before filing an IGM")
        igm = t.Igm(igm_no=next_number(s, "IGM"), igm_date=core.today(),
                    location_code=actor.location_code, carrier_code=carrier.code,
                    voyage=voyage.strip()[:20], arrival_date=arrival_date, state=G.FILED,
                    filed_by=actor.username, filed_at=core.now())
        s.add(igm)
        s.flush()
        for x in parsed:
            s.add(t.IgmLine(igm_id=igm.id, **x))
        transition(s, core, actor, IgmDoc(igm), filed,
                   reason=f"{len(parsed)} lines, arrival {arrival_date:%d.%m.%Y}")
        s.flush()
        return igm_view(s, igm, actor)


def grant_entry_inwards(core: Core, actor: Actor, igm_no: int, *,
                        expected_version: int | None = None) -> IgmView:
    """Customs grants entry inwards; the IGM goes to the custodian. From now on its lines are
    amended only with the AC (Import)'s approval (IMP-IGM-2)."""
    with core.db.write() as s:
        d = IGM.take(s, actor, "entry_inwards", igm_no, expected_version=expected_version)
        d.igm.entry_inwards_at, d.igm.entry_inwards_by = core.now(), actor.username
        transition(s, core, actor, d, IGM["entry_inwards"], reason="IGM sent to the custodian")
        s.flush()
        return igm_view(s, d.igm, actor)


def amend_line(core: Core, actor: Actor, igm_no: int, line_no: int, changes: dict,
               reason: str, *, expected_version: int | None = None) -> IgmView:
    """Before entry inwards the carrier amends a line without approval; after it, only the
    AC (Import) may, and the amendment is his approval (IMP-IGM-2)."""
    if not reason.strip():
        raise InvalidInput("reason", "say why the line changes", "IMP-IGM-2")
    bad = set(changes) - set(LINE_FIELDS)
    if bad or not changes:
        raise InvalidInput("changes", f"amend one of {', '.join(LINE_FIELDS)}", "IMP-IGM-2")
    with core.db.write() as s:
        d = IGM.take(s, actor, "amend_line", igm_no, expected_version=expected_version)
        igm = d.igm
        line = s.exec(select(t.IgmLine).where(t.IgmLine.igm_id == igm.id,
                                              t.IgmLine.line_no == line_no)
                      .with_for_update()).first()
        if line is None:
            raise NotFound(f"IGM {igm_no} has no line {line_no}")
        merged = _line({**{k: getattr(line, k) for k in LINE_FIELDS}, **changes,
                        "line_no": line_no}, line_no)
        said = [f"{k}: {getattr(line, k)} → {merged[k]}" for k in changes]
        for k in changes:
            setattr(line, k, merged[k])
        s.add(line)
        transition(s, core, actor, d, IGM["amend_line"],
                   reason=f"line {line_no}: {'; '.join(said)} ({reason.strip()})"[:500])
        s.flush()
        return igm_view(s, igm, actor)
