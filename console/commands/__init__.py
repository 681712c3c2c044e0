"""CLI sub-commands, one module per process. Thin adapters over the services, which each
command imports when it runs; ``console/cli.py`` loads a module only when its group is
named on the command line. The commands may print through ``printing/`` (``ices print``);
they never import the UI.
"""
