"""The Time Release Study on screen (issue 19 item 2), for the AC/DC and above: one flow at a
time (imports, exports, courier), its stages as a bar chart with their numbers beside, and
the distribution of release times as a bar chart with the counts beside; the line above
says how many were released, the release time and the share within the target against the
national figure.

Keys: F2 asks the period (first and last day; by default the 30 days to today), F7 the
next flow, F8 the next route (all routes, then each route that had documents), F5 computes
again, Esc goes back. The study comes from ``console.services.admin.trs
.time_release_study`` in a thread worker.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from console.acts.trs import TRS
from console.core import Core
from console.roles import Actor
from console.services.admin import trs as svc
from screens.base import ActKey, IcesScreen
from screens.forms import Field
from screens.registry import DATE_HELP, day, keep_asking
from screens.widgets import OfficerBar

# short names of the milestones for the chart's axis (the table beside names them whole)
SHORT = {"filed": "filed", "assessed": "assessed", "paid": "paid", "registered": "registered",
         "examined": "examined", "ooc": "OOC", "leo": "LEO", "egm": "EGM", "xray": "X-ray"}
# the distribution's bands by their upper bound (the table beside names them whole)
SHORT_BINS = ("6h", "12h", "24h", "48h", "72h", "5d", "7d", "7d+")
START = {"import": "arrival", "export": "arrival", "courier": "filing"}
DAYS = 30  # the default period: the 30 days to today


def hours(value: float | None) -> Text:
    return Text("-" if value is None else f"{value:.2f}", justify="right")


def headline(study: svc.Study, f: svc.FlowStudy, r: svc.RouteStudy) -> Text:
    """What the flow (or route) comes to, in three short lines: which, how long, the target."""
    out = Text()
    out.append(f.title, style="bold")
    out.append(f" · {study.location_code} {study.category_label} · "
               f"{study.date_from:%d.%m.%Y}–{study.date_to:%d.%m.%Y}")
    if r.route != svc.ALL:
        out.append(f" · {r.label}", style="bold")
    if not r.documents:
        out.append("\nNo document released in the period.", style="italic")
        return out
    release = SHORT[{"import": "ooc"}.get(f.flow, "leo")]
    out.append(f"\n{r.documents} released · {START[f.flow]} to {release}: avg "
               f"{r.release.mean:.2f} h, median {r.release.median:.2f} h, p90 "
               f"{r.release.p90:.2f} h\n")
    if f.target is not None and r.share is not None:
        out.append(f"Within the {f.target.hours:g} h target: ")
        out.append(f"{r.share:.2f}%", style="bold")
        out.append(f" ({r.within_target} of {r.documents})")
        if f.target.national_pct is not None:
            out.append(f" · national (NTRS): {f.target.national_pct:.2f}%")
    else:
        out.append("No target published for this flow at this port category")
    return out


def hbars(plot: PlotextPlot, names: list[str], values: list[float], title: str,
          xticks: list[int] | None = None) -> None:
    """Horizontal bars, the first at the top, each level with its name. Plotext centres its
    rows on the y-limits, so where there is about a row a bar the limits are the first and
    last bar (each bar on a row of its own); the title only where it leaves that room."""
    plt = plot.plt
    plt.clear_data()
    plt.clear_figure()
    n = len(names)
    if n:
        titled = plot.size.height >= n + 4
        rows = plot.size.height - 3 - titled
        plt.bar(names[::-1], values[::-1], orientation="horizontal", width=3 / 5)
        plt.yticks(list(range(1, n + 1)), names[::-1])
        plt.ylim(*((1, n) if n > 1 and rows <= n + 1 else (0.5, n + 0.5)))
        if titled:
            plt.title(title)
        if xticks:
            plt.xticks(xticks)
    plot.refresh()


def ticks(top: int) -> list[int]:
    """Whole-number ticks from 0 to ``top`` (at most five)."""
    step = max(1, -(-top // 4))
    return list(range(0, top + step, step)) if top else [0, 1]


class TrsScreen(IcesScreen):
    """The Time Release Study of the officer's location."""

    SCREEN_TITLE = "Time Release Study"
    AUTO_FOCUS = "#trs-stages"
    ACT_KEYS = (ActKey("f2", "period", ("TRS.view",), "Period",
                       "Choose the period: the documents released from its first to its "
                       "last day"),)
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f7", "flow", "Flow", key_display="F7", id="trs.flow",
                tooltip="Next flow: imports, exports, courier"),
        Binding("f8", "route", "Route", key_display="F8", id="trs.route",
                tooltip="Next route: all routes, then each route that had documents"),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="trs.refresh", show=False,
                tooltip="Compute the study again"),
        Binding("escape", "back", "Back", key_display="Esc", id="trs.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    TrsScreen #trs-head { height: 3; margin: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    TrsScreen .trs-row { height: 1fr; margin: 0 1; }
    TrsScreen PlotextPlot { width: 1fr; height: 1fr; }
    TrsScreen DataTable { width: 49; height: 1fr; margin-left: 1; }
    TrsScreen #trs-dist { width: 36; }
    """

    def __init__(self, core: Core | None = None, actor: Actor | None = None, *,
                 date_from: date | None = None, date_to: date | None = None) -> None:
        super().__init__(id="trs")
        self._core, self._actor = core, actor
        self.date_from, self.date_to = date_from, date_to
        self.study: svc.Study | None = None
        self.flow_at = 0
        self.route_at = 0

    @property
    def core(self) -> Core:
        return self._core or self.app.core  # type: ignore[attr-defined]

    @property
    def actor(self) -> Actor:
        return self._actor or self.app.actor  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.core.banner(), self.actor, self.SCREEN_TITLE)
        yield Static("", id="trs-head")
        with Horizontal(classes="trs-row"):
            yield PlotextPlot(id="trs-stage-chart")
            yield DataTable(id="trs-stages", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="trs-row"):
            yield PlotextPlot(id="trs-dist-chart")
            yield DataTable(id="trs-dist", cursor_type="row", zebra_stripes=True)
        yield from self.compose_footer()

    def on_resize(self) -> None:
        self.draw()  # the charts' rows follow the size

    def on_mount(self) -> None:
        stages = self.query_one("#trs-stages", DataTable)
        for key, label, width in (("stage", "Stage", 16), ("n", "Docs", 4),
                                  ("mean", "Avg h", 6), ("median", "Med h", 6),
                                  ("p90", "P90 h", 6)):
            stages.add_column(label, key=key, width=width)
        dist = self.query_one("#trs-dist", DataTable)
        for key, label, width in (("bin", "Release", 9), ("n", "Docs", 4),
                                  ("cum", "Cum %", 7)):
            dist.add_column(label, key=key, width=width)
        if self.date_to is None:
            self.date_to = self.core.today()
        if self.date_from is None:
            self.date_from = self.date_to - timedelta(days=DAYS - 1)
        self.load()

    def open_acts(self) -> tuple[str, ...]:
        return tuple(f"TRS.{n}" for n in TRS.open_to(self.actor))

    # ---- loading and showing ----

    def load(self) -> None:
        self.run_service(svc.time_release_study, self.core, self.actor, self.date_from,
                         self.date_to, then=self.show, busy=self.query_one("#trs-stages"))

    def show(self, study: svc.Study) -> None:
        self.study = study
        self.draw()

    def flow(self) -> svc.FlowStudy | None:
        if self.study is None:
            return None
        return self.study.flows[self.flow_at % len(self.study.flows)]

    def route(self) -> svc.RouteStudy | None:
        f = self.flow()
        if f is None:
            return None
        choices = (f.overall, *f.routes)
        return choices[self.route_at % len(choices)]

    def draw(self) -> None:
        study, f, r = self.study, self.flow(), self.route()
        if study is None or f is None or r is None:
            return
        self.query_one("#trs-head", Static).update(headline(study, f, r))
        stages = self.query_one("#trs-stages", DataTable)
        stages.clear()
        for st in r.stages:
            fig = st.figures
            stages.add_row(Text(st.label), Text(str(fig.n), justify="right"), hours(fig.mean),
                           hours(fig.median), hours(fig.p90), key=st.stage)
        rel = r.release
        stages.add_row(Text("release", style="bold"), Text(str(rel.n), justify="right"),
                       hours(rel.mean), hours(rel.median), hours(rel.p90), key="release")
        dist = self.query_one("#trs-dist", DataTable)
        dist.clear()
        total, running = sum(b.count for b in r.distribution), 0
        for b in r.distribution:
            running += b.count
            cum = f"{100 * running / total:.1f}" if total else "-"
            dist.add_row(Text(b.label), Text(str(b.count), justify="right"),
                         Text(cum, justify="right"), key=b.label)
        self.chart_stages(r)
        self.chart_distribution(r, f.target)

    def chart_stages(self, r: svc.RouteStudy) -> None:
        shown = [st for st in r.stages if st.figures.n]
        hbars(self.query_one("#trs-stage-chart", PlotextPlot),
              [SHORT.get(st.stage, st.stage) for st in shown],
              [st.figures.mean or 0 for st in shown], "average hours per stage")

    def chart_distribution(self, r: svc.RouteStudy, target: svc.Target | None) -> None:
        plot = self.query_one("#trs-dist-chart", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        counts = [b.count for b in r.distribution]
        plt.bar(list(SHORT_BINS), counts, width=3 / 5)
        plt.xticks(list(range(1, len(SHORT_BINS) + 1)), list(SHORT_BINS))
        plt.yticks(ticks(max(counts)))
        plt.title("documents by release time"
                  + (f" (target {target.hours:g} h)" if target is not None else ""))
        plot.refresh()

    # ---- actions ----

    def action_flow(self) -> None:
        self.flow_at += 1
        self.route_at = 0
        self.draw()

    def action_route(self) -> None:
        self.route_at += 1
        self.draw()

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_period(self) -> None:
        def call(values: dict) -> svc.Study:
            first = day(values["date_from"], "date_from")
            last = day(values["date_to"], "date_to")
            return svc.time_release_study(self.core, self.actor, first, last)

        def done(study: svc.Study) -> None:
            self.date_from, self.date_to = study.date_from, study.date_to
            self.route_at = 0
            self.show(study)

        keep_asking(self, "Time Release Study: the period", [
            Field("date_from", "First day", required=True, placeholder=DATE_HELP,
                  value=f"{self.date_from:%d.%m.%Y}" if self.date_from else ""),
            Field("date_to", "Last day", required=True, placeholder=DATE_HELP,
                  value=f"{self.date_to:%d.%m.%Y}" if self.date_to else ""),
        ], call, done, note="The documents released (Out of Charge, LEO) from the first day "
                 "to the last, both included.", submit_label="Compute")
