"""Remote filing through ICEGATE (edi.md, EDI-1..7): the filers' registry (``filers``),
messages in (``inbound``), notices out (``outbound``), the mailbox directories
(``mailbox``) and any SB or BE written out as its message (``export``). The codec and the
mapping between messages and declarations are pure, in ``console.edi``."""
