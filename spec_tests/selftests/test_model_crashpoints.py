"""The crash points' own counting (:mod:`model.crashpoints`): the robustness tier's killed runs
rely on an armed run passing each step once, counted one by one, and dying only at its own."""

from __future__ import annotations

from model import crashpoints


def test_steps_are_counted_one_by_one_until_the_armed_one() -> None:
    crashpoints.arm({crashpoints.ENV: " 3 "})
    crashpoints.step("one")
    crashpoints.step("two")
    assert crashpoints.steps_taken() == 2
    crashpoints.arm({})  # unarmed: steps cost nothing and count nothing
    crashpoints.step("one")
    assert crashpoints.steps_taken() == 0
