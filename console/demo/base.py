"""Demo ground: locations, one officer per role, exporters with their registrations,
brokers, carriers and RMS rules that exercise every route."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import select

import db.tables as t
from console.core import Core
from console.roles import Actor
from console.services.admin.officers import add_officer, login
from console.services.admin.registries import register_ad, register_bank_account, register_gstin

PASSWORD = "ices-demo"
HOME = "INVTZ4"  # Visakhapatnam Air Cargo Complex (seed 003)

OFFICERS = [  # username, name, role, location
    ("sys1", "K. Srinivas (System Manager)", "SYS", HOME),
    ("opr1", "P. Lakshmi (Service Centre)", "OPR", HOME),
    ("clk1", "R. Naidu (Registration)", "CLK", HOME),
    ("apr1", "S. Rao (Appraiser)", "APR", HOME),
    ("apr2", "M. Reddy (Shed Appraiser)", "APR", HOME),
    ("exm1", "V. Kumar (Examiner)", "EXM", HOME),
    ("exm2", "A. Prasad (Examiner)", "EXM", HOME),
    ("acdc1", "D. Varma (Asst. Commissioner)", "ACDC", HOME),
    ("acdc2", "N. Sharma (Dy. Commissioner)", "ACDC", HOME),
    ("adc1", "J. Iyer (Addl. Commissioner)", "ADC", HOME),
    ("com1", "T. Menon (Commissioner)", "COM", HOME),
    ("bnd1", "G. Das (Bond Section)", "BND", HOME),
    ("dbk1", "L. Patnaik (Drawback)", "DBK", HOME),
    ("cus1", "AAI Cargo (Custodian)", "CUS", HOME),
    ("car1", "Air India Cargo (Carrier)", "CAR", HOME),
    ("opr9", "S. Kujur (Service Centre)", "OPR", "INIXZ1"),
    ("apr9", "R. Ekka (Appraiser)", "APR", "INIXZ1"),
    ("acdc9", "B. Minz (Asst. Commissioner)", "ACDC", "INIXZ1"),
    ("clk9", "T. Lakra (Registration)", "CLK", "INIXZ1"),
]

# (IEC, name, address, GSTIN) — PAN-style IECs; GSTINs carry valid check characters.
EXPORTERS = [
    ("AAPCA1234F", "Andhra Pharma Exports Pvt Ltd", "Plot 12, APSEZ, Atchutapuram",
     "37AAPCA1234F1ZU"),
    ("AABCS5678K", "Sagar Marine Foods Ltd", "Fishing Harbour Road, Visakhapatnam",
     "37AABCS5678K1ZR"),
    ("AAFCV9876Q", "Vizag Steel Fabricators LLP", "Gajuwaka Industrial Area",
     "37AAFCV9876Q1Z0"),
    ("AADCP4321M", "Andaman Coconut Products", "Junglighat, Sri Vijaya Puram",
     "35AADCP4321M1ZE"),
    ("0809013479", "Coromandel Handlooms", "Dwaraka Nagar, Visakhapatnam", ""),
]
BROKERS = [("AAECV1122HCH001", "Vizag Customs Brokers Pvt Ltd"),
           ("SELFSUBMITCH001", "Self-filing exporter")]
CARRIERS = [("AI", "Air India", "airline"), ("6E", "IndiGo CarGo", "airline"),
            ("SCI", "Shipping Corporation of India", "shipping_line")]

RMS_RULES = [  # name, priority, criteria, route, ccrs
    ("Drug formulations: drug controller NOC", 10, {"tariff_prefix": "3004"},
     "assessment_and_examination", "DC-NOC"),
    ("Marine products: MPEDA certificate", 20, {"tariff_prefix": "03"}, "assessment", "MPEDA"),
    ("Iron and steel to high-risk value band", 30,
     {"tariff_prefix": "72", "value_from_paise": 50_00_000_00}, "examination", ""),
    ("Handloom consignments: physical check", 35, {"iec": "0809013479"}, "examination", ""),
    ("Trusted exporter (AEO)", 40, {"iec": "AABCS5678K"}, "facilitated", ""),
    ("Advance Authorisation items", 50, {"scheme_code": "03"}, "assessment", ""),
]


def build(core: Core, ctx: dict[str, Any]) -> None:
    with core.db.read() as s:
        existing = {o.username for o in s.exec(select(t.Officer))}
    for username, name, role, location in OFFICERS:
        if username not in existing:
            add_officer(core, None, username, name, role, location, PASSWORD)
    ctx["officers"] = [o[0] for o in OFFICERS]
    actors = {u: login(core, u, PASSWORD, "demo") for u, *_ in OFFICERS}
    ctx["actors"] = actors
    clerk: Actor = actors["clk1"]
    now = core.now()
    with core.db.write() as s:
        for code, name, address, _ in EXPORTERS:
            if s.get(t.Iec, code) is None:
                s.add(t.Iec(code=code, name=name, address=address, registered_at=now))
        for code, name in BROKERS:
            if s.get(t.Broker, code) is None:
                s.add(t.Broker(code=code, name=name, verified=True, registered_at=now))
        for code, name, kind in CARRIERS:
            if s.get(t.Carrier, code) is None:
                s.add(t.Carrier(code=code, name=name, kind=kind, registered_at=now))
        ad_codes = [a.code for a in s.exec(select(t.AdCode).order_by(t.AdCode.code).limit(3))]
        registered = {(a.iec, a.ad_code) for a in s.exec(select(t.AdRegistration))}
        has_account = {b.iec for b in s.exec(select(t.BankAccount))}
        has_gstin = {g.iec for g in s.exec(select(t.Gstin))}
        if not s.exec(select(t.RmsRule)).first():
            for name, priority, criteria, route, ccrs in RMS_RULES:
                s.add(t.RmsRule(name=name, document="SB", priority=priority, route=route,
                                ccrs=ccrs, effective_from=date(2000, 1, 1), created_by="sys1",
                                **criteria))
    for i, (code, _name, _addr, gstin) in enumerate(EXPORTERS):
        port = "INIXZ1" if gstin.startswith("35") else HOME
        ad = ad_codes[i % len(ad_codes)] if ad_codes else None
        if ad and (code, ad) not in registered:  # by the clerk posted at the port
            register_ad(core, clerk if port == HOME else actors["clk9"], code, ad, port)
        if code not in has_account:
            register_bank_account(core, clerk, code, "SBIN0000952", f"3012{i:03d}4567890",
                                  "State Bank of India, Visakhapatnam Main")
        if gstin and code not in has_gstin:
            register_gstin(core, clerk, code, gstin)
    ctx["ad_codes"] = ad_codes
    ctx["exporters"] = [e[0] for e in EXPORTERS]
