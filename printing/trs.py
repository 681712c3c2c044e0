"""The Time Release Study as a report for the Commissioner (issue 19 item 2).

Input: ``console.services.admin.trs.Study``. The first part says, flow by flow, how many
documents were released, their average, median and 90th-percentile release times and the
share released within the target beside the national figure of the NTRS. Then each flow:
its stages as a bar chart (average, median and 90th percentile hours from the previous
milestone) with the same numbers in a table beside it; the distribution of release times as
a bar chart with counts and the cumulative share beside it; the routes; and the sources of
the targets. The charts are ReportLab's own graphics (``reportlab.graphics.charts``).
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from console.services.admin.trs import FlowStudy, RouteStudy, Study
from printing.base import (
    FONT,
    WIDTH,
    Header,
    build,
    day,
    grid,
    section,
    stamp,
    strong,
    text,
)

SERIES = (("average", colors.Color(0.20, 0.38, 0.62)),
          ("median", colors.Color(0.45, 0.65, 0.85)),
          ("90th percentile", colors.Color(0.80, 0.52, 0.25)))
CHART_W = WIDTH * 0.52
TABLE_W = WIDTH - CHART_W - 3 * mm


def hrs(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}%"


def _note(s: Drawing, x: float, y: float, said: str, size: float = 7) -> None:
    s.add(String(x, y, said, fontName=FONT, fontSize=size, fillColor=colors.grey))


def stage_chart(r: RouteStudy, width: float = CHART_W) -> Drawing:
    """Horizontal bars per stage: average, median and 90th percentile hours."""
    stages = [st for st in r.stages if st.figures.n]
    height = max(40, 14 * len(stages) * 1.2) + 24 * mm / 3 + 20
    d = Drawing(width, height)
    if not stages:
        _note(d, 4, height / 2, "no document passed these stages")
        return d
    c = HorizontalBarChart()
    c.x, c.y = 78, 24
    c.width, c.height = width - c.x - 8, height - c.y - 6
    c.data = [[(getattr(st.figures, f) or 0) for st in reversed(stages)]
              for f in ("mean", "median", "p90")]
    c.categoryAxis.categoryNames = [st.label for st in reversed(stages)]
    c.categoryAxis.labels.fontName, c.categoryAxis.labels.fontSize = FONT, 6.5
    c.categoryAxis.labels.boxAnchor = "e"
    c.valueAxis.valueMin = 0
    c.valueAxis.labels.fontName, c.valueAxis.labels.fontSize = FONT, 6.5
    c.valueAxis.forceZero = 1
    c.barSpacing, c.groupSpacing = 0.5, 3
    for n, (_, colour) in enumerate(SERIES):
        c.bars[n].fillColor, c.bars[n].strokeColor = colour, None
    d.add(c)
    legend = Legend()
    legend.x, legend.y = c.x, 8
    legend.fontName, legend.fontSize = FONT, 6.5
    legend.alignment, legend.columnMaximum = "right", 1
    legend.dx, legend.dy, legend.deltax = 6, 6, 60
    legend.colorNamePairs = [(colour, name) for name, colour in SERIES]
    d.add(legend)
    d.add(String(c.x - 6, c.y - 9, "hours", fontName=FONT, fontSize=6.5,
                 fillColor=colors.grey, textAnchor="end"))
    return d


def distribution_chart(r: RouteStudy, target: float | None,
                       width: float = CHART_W) -> Drawing:
    """Vertical bars: how many documents were released in each band of hours."""
    height = 46 * mm
    d = Drawing(width, height)
    c = VerticalBarChart()
    c.x, c.y = 26, 22
    c.width, c.height = width - c.x - 6, height - c.y - 18
    c.data = [[b.count for b in r.distribution]]
    c.categoryAxis.categoryNames = [b.label for b in r.distribution]
    c.categoryAxis.labels.fontName, c.categoryAxis.labels.fontSize = FONT, 6.3
    c.categoryAxis.labels.angle, c.categoryAxis.labels.boxAnchor = 30, "ne"
    c.valueAxis.valueMin = 0
    c.valueAxis.valueStep = max(1, -(-max((b.count for b in r.distribution), default=1) // 5))
    c.valueAxis.labels.fontName, c.valueAxis.labels.fontSize = FONT, 6.5
    c.bars[0].fillColor, c.bars[0].strokeColor = SERIES[0][1], None
    for n, b in enumerate(r.distribution):  # the bands within the target in the dark colour
        if target is not None and (b.high is None or b.high > target):
            c.bars[(0, n)].fillColor = colors.Color(0.75, 0.78, 0.82)
    d.add(c)
    _note(d, c.x, height - 8, "documents released, by release time"
          + (f" (dark: within the {target:g} h target)" if target is not None else ""))
    return d


def stage_table(f: FlowStudy, r: RouteStudy) -> Table:
    """The stages' figures; last, in bold, the release time (exports: the departure above
    it)."""
    w = TABLE_W / 100
    widths = [33 * w, 9 * w, 14 * w, 14 * w, 14 * w, 16 * w]
    body = [(st.label, st.figures.n, hrs(st.figures.mean), hrs(st.figures.median),
             hrs(st.figures.p90), st.before_start or "") for st in r.stages]
    if r.departure is not None:
        dep = r.departure
        body.append(("arrival to departure (EGM)", dep.n, hrs(dep.mean), hrs(dep.median),
                     hrs(dep.p90), ""))
    rel = r.release
    body.append((f"release: {f.start.split(' (')[0]} to {f.release}", rel.n, hrs(rel.mean),
                 hrs(rel.median), hrs(rel.p90), ""))
    return grid(("Stage (hours from the previous milestone)", "Docs", "Average", "Median",
                 "90th pct", "Before arrival"), body, widths, numeric=(1, 2, 3, 4, 5),
                total=True)


def distribution_table(r: RouteStudy) -> Table:
    w = TABLE_W / 100
    widths = [34 * w, 22 * w, 22 * w, 22 * w]
    total, running, body = sum(b.count for b in r.distribution), 0, []
    for b in r.distribution:
        running += b.count
        body.append((b.label, b.count, pct(100 * b.count / total) if total else "-",
                     pct(100 * running / total) if total else "-"))
    return grid(("Release time", "Docs", "Share", "Cumulative"), body, widths,
                numeric=(1, 2, 3))


def route_table(f: FlowStudy) -> Table:
    w = WIDTH / 100
    widths = [20 * w, 10 * w, 13 * w, 13 * w, 13 * w, 16 * w, 15 * w]
    body = [(r.label, r.documents, hrs(r.release.mean), hrs(r.release.median),
             hrs(r.release.p90), "-" if r.within_target is None else r.within_target,
             pct(r.share)) for r in (*f.routes, f.overall)]
    return grid(("Route", "Docs", "Average h", "Median h", "90th pct h", "Within target",
                 "Share"), body, widths, numeric=(1, 2, 3, 4, 5, 6), total=True)


def beside(chart: Flowable, table: Flowable) -> Table:
    t = Table([[chart, table]], colWidths=[CHART_W + 3 * mm, TABLE_W])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return t


def headline(f: FlowStudy) -> str:
    r = f.overall
    if not r.documents:
        return f"{f.title}: no document released in the period."
    said = (f"{f.title}: {r.documents} released; {f.start} to {f.release}: average "
            f"{hrs(r.release.mean)} h, median {hrs(r.release.median)} h, 90th percentile "
            f"{hrs(r.release.p90)} h.")
    if f.target is not None:
        said += (f" {r.within_target} of {r.documents} ({pct(r.share)}) released within the "
                 f"{f.target.hours:g}-hour target")
        if f.target.national_pct is not None:
            said += f" (national, NTRS: {f.target.national_pct:.2f}%)"
        said += "."
    else:
        said += " No target is published for this flow at this port category."
    if r.departure is not None and r.departure.n:
        said += (f" To the carrier's departure (EGM): average {hrs(r.departure.mean)} h over "
                 f"{r.departure.n}.")
    return said


def flow_part(f: FlowStudy) -> list[Flowable]:
    r = f.overall
    target = float(f.target.hours) if f.target is not None else None
    part: list[Flowable] = [section(f"{f.title}: stages ({r.documents} documents)")]
    if not r.documents:
        return [*part, text("No document was released in the period.")]
    part += [beside(stage_chart(r), stage_table(f, r)),
             section(f"{f.title}: distribution of release times"),
             beside(distribution_chart(r, target), distribution_table(r)),
             section(f"{f.title}: by route"), route_table(f)]
    notes = []
    if f.left_out:
        notes.append(f"{f.left_out} released document(s) left out: {f.left_out_why}.")
    if f.target is not None:
        notes.append(f"Target ({f.target.key}): {f.target.source}.")
        if f.target.national_pct is not None:
            notes.append(f"National figure: {f.target.national_source}.")
    if notes:  # the notes read below the route table, not against its last row
        part.append(Spacer(1, 2 * mm))
    part += [text(n) for n in notes]
    return [KeepTogether(part[:2]), *part[2:]]


def render(study: Study) -> bytes:
    header = Header("TIME RELEASE STUDY", study.location_code, study.location_name,
                    f"{day(study.date_from)} to {day(study.date_to)}",
                    study.computed_at.date(), "", "", "", number_label="Period",
                    printed=f"computed {stamp(study.computed_at)}",
                    parties=(f"Port category: {study.category_label}",
                             "Documents released in the period, both days included"))
    story: list[Flowable] = [
        strong("What the study shows"),
        *(text(headline(f)) for f in study.flows),
        text("Method (WCO Time Release Study, as CBIC's National Time Release Study): the "
             "time from arrival of the goods to their release, from the customs system's "
             "own records (the audit trail and the documents' dates). Each stage is the "
             "time from the document's previous milestone to this one, in the order they "
             "happened, so a document's stages add up to its release time; a milestone "
             "reached before arrival counts as 0 hours. Median: the middle value; 90th "
             "percentile: the time within which 9 in 10 documents were released."),
    ]
    for f in study.flows:
        story += flow_part(f)
    return build(header, story)
