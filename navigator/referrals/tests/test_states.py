"""The state machine, for every pair of states."""

import itertools

import pytest

from navigator.referrals.states import TRANSITIONS, State, TransitionNotAllowed, check_transition

PAIRS = list(itertools.product(State, State))


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_only_listed_moves_are_allowed(current: State, target: State) -> None:
    if target in TRANSITIONS[current]:
        check_transition(current, target)
    else:
        with pytest.raises(TransitionNotAllowed):
            check_transition(current, target)


def test_every_state_has_a_row() -> None:
    assert set(TRANSITIONS) == set(State)


def test_the_main_path_runs_from_received_to_closed() -> None:
    path = [
        State.RECEIVED,
        State.TRIAGED,
        State.ACCEPTED,
        State.ALLOCATED,
        State.FIRST_CONTACT,
        State.ASSESSED,
        State.ACTIVE,
        State.CLOSED,
    ]
    for current, target in itertools.pairwise(path):
        check_transition(current, target)


def test_a_refusal_says_what_is_possible() -> None:
    with pytest.raises(TransitionNotAllowed) as refused:
        check_transition(State.RECEIVED, State.ALLOCATED)

    message = str(refused.value)
    assert "received cannot become allocated" in message
    assert "triaged" in message


def test_finished_referrals_cannot_move() -> None:
    with pytest.raises(TransitionNotAllowed, match="cannot be changed any more"):
        check_transition(State.CLOSED, State.ACTIVE)
