"""The day's drawback scroll for the designated bank (EXP-DBK-5).

Input: ``console.services.schemes.drawback.ScrollView``. One line per credit: the exporter's
registered account and IFSC (the bank credits it, or forwards to the CBS branch), the SB
and the amount; the total in figures and words; signed by the drawback officer.
"""

from __future__ import annotations

from console.services.schemes.drawback import ScrollView
from printing.base import (
    WIDTH,
    Header,
    amount,
    build,
    cell,
    day,
    grid,
    in_words,
    section,
    signatures,
    stamp,
    strong,
    text,
)


def render_scroll(v: ScrollView) -> bytes:
    header = Header("DRAWBACK SCROLL", v.location_code, v.location_name, str(v.scroll_no),
                    v.scroll_date, "", "", "", printed=f"generated {stamp(v.generated_at)} "
                    f"by {v.generated_by}", number_label="Scroll No.",
                    parties=(f"To: {v.bank_name}, {v.bank_branch}",
                             f"AD code {v.bank_ad_code}  IFSC {v.bank_ifsc}"))
    w = WIDTH / 100
    widths = [5 * w, 16 * w, 11 * w, 28 * w, 15 * w, 11 * w, 14 * w]
    rows = [(n, x.account_no, x.ifsc, cell(f"{x.exporter_name} ({x.iec})", widths[3]),
             f"{x.sb_no} / {day(x.sb_date)}", x.kind, amount(x.amount))
            for n, x in enumerate(v.lines, 1)]
    rows.append(("", "", "", "", "", "Total", amount(v.total)))
    story = [
        text(f"Drawback sanctioned at {v.location_code} {v.location_name} up to "
             f"{day(v.scroll_date)}: please credit the accounts below (or forward to the CBS "
             "branch named by the IFSC) and confirm the credits."),
        section(f"Credits ({len(v.lines)})"),
        grid(("Sl", "Account no.", "IFSC", "Exporter (IEC)", "SB no. / date", "Claim",
              "Rs."), rows, widths, numeric=(6,), total=True),
        strong(f"Total Rs. {amount(v.total)} ({in_words(v.total)})"),
        text("Drawback is paid only by credit to the exporter's registered account; no "
             "cheques (EXP-DBK-1). This scroll closes the day: no claim in it is paid again."),
        signatures(["Drawback officer", "Assistant / Deputy Commissioner (Drawback)"],
                   [v.generated_by, ""]),
    ]
    return build(header, story)
