"""What feedback holds about a person, for subject access and destruction. Feedback given
anonymously is never released with the person's data, but its comments go at destruction."""

from navigator.core.person_data import Held, register_person_data, through
from navigator.feedback.models import FeedbackRequest, FeedbackResponse


def _named(rows, ids: list[int]):
    return rows.filter(anonymous=False)


register_person_data(
    Held("Feedback requests", through(FeedbackRequest, "referral__person")),
    Held(
        "Feedback",
        through(FeedbackResponse, "referral__person"),
        erase={"went_well": "", "could_be_better": ""},
        free_text=("went_well", "could_be_better"),
        exported=_named,
    ),
)
