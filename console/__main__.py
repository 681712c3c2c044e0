"""``python -m console``: the ``ices`` command (what ``ices serve`` starts per browser tab)."""

from console.entry import main

main()
