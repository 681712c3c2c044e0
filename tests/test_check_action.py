"""check_action never raises (issue 18 item 8): a screen being built or taken down has no
widgets to query, and Textual asks it about its keys then; a key is simply unavailable."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import screens
from console.roles import Actor, Role
from screens.base import ServiceMixin
from screens.be_entry import BeEntryScreen


def test_an_entry_screen_taken_down_answers_check_action_without_raising():
    screen = BeEntryScreen(Actor("opr1", "Op", Role.OPR, "INVTZ4", "test"), job_no=None)
    screen.items = [{"sl": 1}]  # as if a row were keyed; its table is not mounted
    assert screen.check_action("remove_item", ()) is False


def test_every_screen_s_own_check_action_is_guarded():
    for info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"screens.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, ServiceMixin) and "check_action" in cls.__dict__:
                assert getattr(cls.check_action, "guarded", False), cls
