"""All tables, each module loaded the first time one of its tables is named.

``import db.tables as t`` costs nothing; ``t.ShippingBill`` imports ``db/tables/exports.py``.
Before SQLAlchemy configures the mappers (the first query, the first row made), the modules
of the tables their foreign keys name (``port``, ``iec``, ...) are loaded too: it looks
them up when it sorts a flush. Importing all fourteen modules costs about as much as
importing SQLModel itself, and the first query configures every mapper registered, so a
command that reads one Shipping Bill loads only the tables it touches
(``bench/bench_cli.py``).

What needs the whole schema calls ``load_all()`` first: migrations, ``create_all``, and
the audit trail's verification (``console.audit.covered``); an act's audit record hashes
only the rows its transaction wrote, of tables therefore loaded.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.orm import Mapper

#: module (under ``db.tables``) -> the tables it declares that are re-exported here
MODULES: dict[str, tuple[str, ...]] = {  # in the order load_all() registers them
    "amendments": ("AmendmentRequest", "SbVersion"),
    "bonds": ("BeBond", "Bond", "BondCertificate", "BondLedger", "ExBond", "ExBondItem",
              "WarehouseLedger", "Warehousing"),
    "brc": ("BrcAdDeclaration", "BrcEntry", "BrcWatch"),
    "core": ("AuditHead", "AuditRecord", "NumberSeries", "Officer", "Setting"),
    "courier": ("AutoLeoRule", "Courier", "CourierShippingBill"),
    "drawback": ("BrandRateLetter", "DrawbackClaim", "DrawbackScroll"),
    "edi": ("EdiFiler", "EdiMessage", "EdiOutbox"),
    "exports": ("Egm", "Examination", "GoodsRegistration", "PrintLog", "RmsRule", "Sample",
                "SbCcr", "SbInvoice", "SbItem", "SbQuery", "ShippingBill", "Stuffing"),
    "import_rules": ("AntiDumpingDuty", "BeAmendment", "NonIcesLocation", "SwsExemption",
                     "TariffValue", "Tra", "TraLine"),
    "imports": ("BeItem", "BillOfEntry", "Igm", "IgmLine"),
    "printing": ("ReprintPermission",),
    "reference": ("AdCode", "Country", "Currency", "DrawbackRate", "ExchangeRate", "Port",
                  "RuleParameter", "SchemeCode", "TariffItem", "Uqc"),
    "registries": ("AdRegistration", "BankAccount", "Broker", "Carrier", "Gstin", "Iec"),
    "schemes": ("DepbRate", "Licence", "LicenceLine"),
}
_MODULE_OF = {name: module for module, names in MODULES.items() for name in names}
__all__ = sorted(_MODULE_OF)


def _load(module: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{module}")


def _complete(*_: Any) -> None:
    """Before SQLAlchemy configures new mappers (a first query, a first row made): load the
    modules of the tables that the loaded ones name in foreign keys, which it looks up
    when it sorts a flush."""
    from sqlmodel import SQLModel

    tables = SQLModel.metadata.tables
    while missing := {fk.target_fullname.split(".")[0] for table in list(tables.values())
                      for fk in table.foreign_keys} - set(tables):
        for name in missing:
            _load(_MODULE_OF_TABLE[name])


# a table's name is its class's name in lower case (SQLModel's default; none is renamed)
_MODULE_OF_TABLE = {name.lower(): module for name, module in _MODULE_OF.items()}


def load_all() -> None:
    """Register every table on ``SQLModel.metadata`` (migrations, ``create_all``, audit)."""
    for module in MODULES:
        _load(module)


def create_all(engine: Any) -> None:
    """Every table created where missing (tests and benches; a real database migrates)."""
    from sqlmodel import SQLModel

    load_all()
    SQLModel.metadata.create_all(engine)


event.listen(Mapper, "before_configured", _complete)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_load(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # for type checkers and editors: the names as plain imports
    from db.tables.amendments import AmendmentRequest, SbVersion  # noqa: F401
    from db.tables.bonds import (  # noqa: F401
        BeBond,
        Bond,
        BondCertificate,
        BondLedger,
        ExBond,
        ExBondItem,
        WarehouseLedger,
        Warehousing,
    )
    from db.tables.brc import BrcAdDeclaration, BrcEntry, BrcWatch  # noqa: F401
    from db.tables.core import (  # noqa: F401
        AuditHead,
        AuditRecord,
        NumberSeries,
        Officer,
        Setting,
    )
    from db.tables.courier import AutoLeoRule, Courier, CourierShippingBill  # noqa: F401
    from db.tables.drawback import BrandRateLetter, DrawbackClaim, DrawbackScroll  # noqa: F401
    from db.tables.edi import EdiFiler, EdiMessage, EdiOutbox  # noqa: F401
    from db.tables.exports import (  # noqa: F401
        Egm,
        Examination,
        GoodsRegistration,
        PrintLog,
        RmsRule,
        Sample,
        SbCcr,
        SbInvoice,
        SbItem,
        SbQuery,
        ShippingBill,
        Stuffing,
    )
    from db.tables.import_rules import (  # noqa: F401
        AntiDumpingDuty,
        BeAmendment,
        NonIcesLocation,
        SwsExemption,
        TariffValue,
        Tra,
        TraLine,
    )
    from db.tables.imports import BeItem, BillOfEntry, Igm, IgmLine  # noqa: F401
    from db.tables.printing import ReprintPermission  # noqa: F401
    from db.tables.reference import (  # noqa: F401
        AdCode,
        Country,
        Currency,
        DrawbackRate,
        ExchangeRate,
        Port,
        RuleParameter,
        SchemeCode,
        TariffItem,
        Uqc,
    )
    from db.tables.registries import (  # noqa: F401
        AdRegistration,
        BankAccount,
        Broker,
        Carrier,
        Gstin,
        Iec,
    )
    from db.tables.schemes import DepbRate, Licence, LicenceLine  # noqa: F401
