"""What outcome measures hold about a person, for subject access and destruction. Answers and
scores are kept at destruction: they say nothing of who the person is, and reports count them."""

from navigator.core.person_data import Held, register_person_data, through
from navigator.outcomes.models import Administration, Score

register_person_data(
    Held("Outcome measures", through(Administration), covers=("outcomes.administration.person",)),
    Held("Outcome scores", through(Score, "administration__person")),
)
