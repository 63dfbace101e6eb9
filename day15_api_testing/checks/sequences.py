"""The state machine as one line of the checklist: random sequences agree with the model."""

from __future__ import annotations

from day15_api_testing.api import Api
from day15_api_testing.registry import check
from day15_api_testing.stateful import run_state_machine

# Small on purpose (the whole workspace suite must stay fast): 10 sequences of 10 steps,
# the same ones every run. Raise them locally to hunt harder.
SEQUENCES, STEPS = 10, 10


@check()
def random_sequences_agree_with_a_model(api: Api) -> None:
    """Random create/read/update/delete/list sequences answer what an in-memory model predicts."""
    run_state_machine(api, max_examples=SEQUENCES, steps=STEPS)
