"""The ICES console's domain core. Never imports Textual or ReportLab (see tests)."""
