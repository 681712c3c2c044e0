"""What ``tests/test_acts_table.py`` walks, one module per chapter of the spec: for each
document kind a document at the home location that can be put into any state
(``subjects``), and for each act a call of its service (``CALLS``)."""
