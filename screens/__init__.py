"""Textual screens of the officer console. Thin adapters: every database call goes
through a service function in a thread worker (``base.ServiceMixin.run_service``)."""
