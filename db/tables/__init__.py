"""All tables. Importing this module registers every table on ``SQLModel.metadata``."""

from db.tables.amendments import AmendmentRequest, SbVersion
from db.tables.bonds import (
    BeBond,
    Bond,
    BondCertificate,
    BondLedger,
    ExBond,
    ExBondItem,
    WarehouseLedger,
    Warehousing,
)
from db.tables.brc import BrcAdDeclaration, BrcEntry, BrcWatch
from db.tables.core import AuditHead, AuditRecord, NumberSeries, Officer, Setting
from db.tables.courier import AutoLeoRule, Courier, CourierShippingBill
from db.tables.drawback import BrandRateLetter, DrawbackClaim, DrawbackScroll
from db.tables.edi import EdiFiler, EdiMessage, EdiOutbox
from db.tables.exports import (
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
from db.tables.import_rules import (
    AntiDumpingDuty,
    BeAmendment,
    NonIcesLocation,
    SwsExemption,
    TariffValue,
    Tra,
    TraLine,
)
from db.tables.imports import BeItem, BillOfEntry, Igm, IgmLine
from db.tables.printing import ReprintPermission
from db.tables.reference import (
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
from db.tables.registries import AdRegistration, BankAccount, Broker, Carrier, Gstin, Iec
from db.tables.schemes import DepbRate, Licence, LicenceLine

__all__ = [
    "BeItem", "BillOfEntry", "Igm", "IgmLine",
    "AntiDumpingDuty", "BeAmendment", "NonIcesLocation", "SwsExemption", "TariffValue",
    "Tra", "TraLine",
    "BeBond", "Bond", "BondCertificate", "BondLedger", "ExBond", "ExBondItem",
    "WarehouseLedger", "Warehousing",
    "BrcAdDeclaration", "BrcEntry", "BrcWatch",
    "BrandRateLetter", "DrawbackClaim", "DrawbackScroll", "DepbRate", "Licence", "LicenceLine",
    "AmendmentRequest", "SbVersion",
    "AutoLeoRule", "Courier", "CourierShippingBill",
    "EdiFiler", "EdiMessage", "EdiOutbox",
    "AdCode", "AdRegistration", "AuditHead", "AuditRecord", "BankAccount", "Broker",
    "Carrier", "Country", "Currency", "DrawbackRate", "Egm", "Examination", "ExchangeRate",
    "GoodsRegistration", "Gstin", "Iec", "NumberSeries", "Officer", "Port", "PrintLog",
    "ReprintPermission", "RmsRule", "RuleParameter", "Sample", "SbCcr", "SbInvoice", "SbItem",
    "SbQuery",
    "SchemeCode", "Setting", "ShippingBill", "Stuffing", "TariffItem", "Uqc",
]
