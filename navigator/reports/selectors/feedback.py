"""Feedback: the Friends and Family Test and comments."""

from django.core.paginator import Paginator
from django.db.models import (
    QuerySet,
)

from navigator.feedback.models import FeedbackResponse, FFTAnswer
from navigator.feedback.models import Occasion as FeedbackOccasion
from navigator.reports.figures import (
    PERCENT,
    TEXT,
    Cell,
    Column,
    Figure,
    Row,
    Sum,
    share,
    with_column_totals,
)
from navigator.reports.selectors.base import (
    Report,
)
from navigator.reports.selectors.tallies import tally

POSITIVE = [FFTAnswer.VERY_GOOD, FFTAnswer.GOOD]
NEGATIVE = [FFTAnswer.POOR, FFTAnswer.VERY_POOR]


def _answers(report: Report) -> dict[tuple[str, str], int]:
    """How many answered each way on each occasion."""

    def compute() -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        for group in tally(report, "feedback"):
            answer, occasion = group.key.split("|")
            counts[answer, occasion] = group.count
        return counts

    return report.shared("feedback", compute)


def friends_and_family_test(report: Report) -> Figure:
    counts = _answers(report)
    occasions = list(FeedbackOccasion.choices)
    rows = []
    for answer, label in FFTAnswer.choices:
        values = [counts.get((answer, occasion), 0) for occasion, _ in occasions]
        rows.append(Row(label, [*values, sum(values)]))
    every = len(occasions)
    figure = Figure(
        key="fft",
        title="Friends and Family Test answers",
        label_heading="Answer",
        columns=[*(Column(label) for _, label in occasions), Column("All answers")],
        rows=rows,
        chart="horizontal",
        chart_column=every,
        note="Overall, how was your experience of our service?",
    )
    figure.sums = [
        Sum(("fft", index, every), tuple(("fft", index, column) for column in range(every)))
        for index in range(len(rows))
    ]
    return with_column_totals(figure, "All answers")


def fft_positive_and_negative(report: Report) -> Figure:
    counts = _answers(report)
    total = sum(counts.values())
    result = {
        "positive": sum(n for (answer, _), n in counts.items() if answer in POSITIVE),
        "negative": sum(n for (answer, _), n in counts.items() if answer in NEGATIVE),
    }
    rows = [
        Row(
            "Positive (very good or good)",
            [result["positive"], total, share(result["positive"], total)],
        ),
        Row(
            "Negative (poor or very poor)",
            [result["negative"], total, share(result["negative"], total)],
        ),
    ]
    answers = [answer for answer, _ in FFTAnswer.choices]
    fft_total_row = len(FFTAnswer.choices)
    every = len(FeedbackOccasion.choices)

    def fft_cells(chosen: list[FFTAnswer]) -> tuple[Cell, ...]:
        return tuple(("fft", answers.index(answer), every) for answer in chosen)

    return Figure(
        key="fft_share",
        title="Share of answers positive and negative",
        label_heading="Answers",
        columns=[
            Column("Answers"),
            Column("Of all answers"),
            Column("Share", PERCENT, share_of=(0, 1)),
        ],
        rows=rows,
        # These repeat sums of the answers table: hiding there hides here, and back.
        sums=[
            Sum(("fft_share", 0, 0), fft_cells(POSITIVE)),
            Sum(("fft_share", 1, 0), fft_cells(NEGATIVE)),
            Sum(("fft_share", 0, 1), (("fft", fft_total_row, every),)),
            Sum(("fft_share", 1, 1), (("fft", fft_total_row, every),)),
        ],
        chart="horizontal",
        chart_column=2,
        note='Shares are of every answer, including "Don\'t know" and "Neither good nor poor".',
    )


COMMENTS_PER_PAGE = 50


def comments(report: Report) -> QuerySet[FeedbackResponse]:
    """Feedback with a comment, newest first, with what the audit trail needs."""
    return (
        report.feedback()
        .exclude(went_well="", could_be_better="")
        .select_related("referral")
        .order_by("-submitted_at", "-pk")
    )


def feedback_comments(report: Report) -> Figure:
    """The free-text comments: for managers only, never with a name. A report page shows
    one page of them (`report.comments_page`); a download has every one in the period."""
    queryset = comments(report)
    page = None
    if report.comments_page is None:
        shown = list(queryset)
    else:
        page = Paginator(queryset, COMMENTS_PER_PAGE).get_page(report.comments_page)
        shown = list(page.object_list)
    return Figure(
        key="comments",
        title="Comments",
        label_heading="Date",
        columns=[
            Column("Answer", TEXT),
            Column("What went well", TEXT),
            Column("What could be better", TEXT),
        ],
        rows=[
            Row(
                comment.submitted_on.isoformat(),
                [comment.get_fft_answer_display(), comment.went_well, comment.could_be_better],
            )
            for comment in shown
        ],
        chart=None,
        shown_records=shown,
        page=page,
        note="Every comment in the period, newest first, without names.",
    )
