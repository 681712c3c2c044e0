"""``ices acts``: who may do what to which document, in which state (the act tables of
``console.acts``, the same rows the services check and the screens offer)."""

from __future__ import annotations

import typer

from console.commands.common import JsonOpt, emit


def _row(a) -> dict:  # noqa: ANN001 - an Act
    return {"act": a.id, "does": a.does, "who": a.who_text(), "rule": a.rule,
            "from": sorted(a.from_), "to": sorted(a.to), "confirm": a.confirm,
            "not_by": a.not_by, "assigned": a.assigned, "rank_from": a.rank_from,
            "person": a.person, "via": a.via, "queue": bool(a.queue),
            "service": f"console.services.{a.fn}" if a.fn else ""}


def _text(rows: list[dict]) -> str:
    lines = []
    for r in rows:
        when = (" or ".join(r["from"]) if r["from"] else "makes the document")
        leads = (" -> " + " or ".join(r["to"])) if r["to"] else ""
        flags = [f for f, on in (("asks to confirm", r["confirm"]),
                                 (f"not by {r['not_by']}", r["not_by"]),
                                 (f"only {r['assigned']}", r["assigned"]),
                                 (f"rank from {r['rank_from']}", r["rank_from"]),
                                 (f"with {r['via']}", r["via"])) if on]
        lines.append(f"{r['act']}  [{r['rule']}]  {r['does']}\n"
                     f"    who: {r['who']}; when: {when}{leads}"
                     + (f"; {', '.join(flags)}" if flags else "")
                     + (f"\n    code: {r['service']}" if r["service"] else ""))
    return "\n".join(lines) or "(none)"


def acts(kind: str = typer.Argument("", help="A document kind (SB, BE, CSB, ...); all if "
                                    "omitted."),
         rule: str = typer.Option("", "--rule", help="Only the acts that serve this rule "
                                  "(e.g. EXP-LEO-3)."),
         as_json: bool = JsonOpt) -> None:
    """Print the act tables: each act's roles, states, rule and service function."""
    from console.acts import tables

    known = tables()
    if kind and kind.upper() not in known:
        raise typer.BadParameter(f"{kind!r}: one of {', '.join(known)}", param_hint="KIND")
    chosen = [known[kind.upper()]] if kind else list(known.values())
    rows = [_row(a) for table in chosen for a in table
            if not rule or a.rule.upper() == rule.upper()]
    emit(as_json, rows, _text(rows))
