"""One module per process; one function per act (Cosmic Python's service layer)."""
