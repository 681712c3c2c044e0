"""ICES's message exchange formats (edi.md): the pure EDI layer, no database, no services.

``codec``: the envelope, segments and fields of a message file, read and written by the
layout tables of ``layouts/``; ``errors``: the published error codes; ``messages``: the
declarations the counter takes, read from messages and written into them, and the replies
and notices Customs sends back.
"""
