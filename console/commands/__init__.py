"""CLI sub-commands, one module per process. Thin adapters over the services.

Printing lives in ``console/cli.py`` (``ices print``): only the entry points
may import ReportLab.
"""
