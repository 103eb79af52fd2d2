"""Reads for instructors: a course's grade book (selectors, in a module of their own).

Columns are the course's published exercises and quizzes in course order (per lesson, its
quiz then its exercises, as on the course page); rows are the students (not staff) with a
graded submission or a quiz attempt in one of them (there is no enrolment to list others).
A cell is the score that counts after the late penalty: for an exercise the best of
score x late factor over the student's submissions; for a quiz the same over the attempts,
or the last attempt's when the course says `quiz_scoring = last`. The total is the mean of
the cells, an empty one counting 0.

How the cells are computed, in one query whatever the number of students:
the late factor of a submission depends on how many days late it was, and it changes only
a few times (0.1 per day capped at 0.5: on time, then 1 to 5 days late, then constant). So
the query labels each submission with that number of days (`level`, a CASE built from each
item's deadline) and the database returns the best score per (student, item, level); the
factor of each level is applied here and the best kept. Exercise and quiz parts are one
UNION ordered by student, read as a stream, so a row is finished as soon as the next
student's cells arrive: the CSV export holds one student at a time. (An item whose factor
keeps changing for more than MAX_LEVELS days is not grouped by level: its submissions come
one by one with their time, which is exact, only slower.) With "last", the newest attempt
per (student, quiz) is picked by a correlated subquery on the (user, quiz, -created) index.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from django.db.models import (
    Case,
    DateTimeField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from . import deadlines
from .models import Course, Exercise, Lesson, Scheduled
from .selectors import SCHEDULE_FIELDS

MAX_LEVELS = 60  # days; 0.1 per day capped at 0.5 needs 5
QUIZ_FIELDS = ["title", "published", "lesson_id", *SCHEDULE_FIELDS]


@dataclass(frozen=True)
class Column:
    key: str  # "exercise:<slug>" or "quiz:<lesson slug>": CSV header and sort key
    kind: str  # "exercise" or "quiz"
    item: Scheduled  # the Exercise or Quiz
    title: str


@dataclass
class Row:
    user_id: int
    username: str
    scores: dict[str, float] = field(default_factory=dict)  # column key -> 0..1, if any
    total: float = 0.0


def columns(course: Course) -> list[Column]:
    """The published items in course order. Two queries."""
    # Only what a column needs: an exercise's checks, solutions and texts can be long.
    exercises = Exercise.objects.filter(published=True).only(
        "lesson_id", "slug", "title", "order", *SCHEDULE_FIELDS
    )
    lessons = (
        Lesson.objects.filter(course=course, published=True)
        .select_related("quiz")
        .only("slug", "order", "course_id", "quiz", *(f"quiz__{f}" for f in QUIZ_FIELDS))
        .prefetch_related(Prefetch("exercises", exercises))
    )
    found = []
    for lesson in lessons:
        quiz = getattr(lesson, "quiz", None)
        if quiz is not None and quiz.published:
            found.append(Column(f"quiz:{lesson.slug}", "quiz", quiz, quiz.title))
        found += [
            Column(f"exercise:{e.slug}", "exercise", e, e.title) for e in lesson.exercises.all()
        ]
    return found


def rows(course: Course, cols: list[Column]) -> Iterator[Row]:
    """Every student's row, ordered by username, streamed from one query."""
    by_item = {(c.kind, c.item.pk): c for c in cols}
    cells = _cells(course, cols)
    if cells is None:
        return
    for (user_id, username), group in groupby(
        cells.iterator(chunk_size=2000), key=lambda cell: (cell["uid"], cell["uname"])
    ):
        row = Row(user_id, username)
        for cell in group:
            column = by_item[(cell["kind"], cell["item"])]
            value = cell["best"] * _factor(column.item, cell["level"], cell["at"])
            if value > row.scores.get(column.key, -1.0):
                row.scores[column.key] = value
        row.total = sum(row.scores.values()) / len(cols)
        yield row


def _factor(item: Scheduled, level: int, at: datetime | None) -> float:
    if at is not None:  # a cell of one submission, with its time (see MAX_LEVELS)
        return deadlines.late_factor(item, at)
    return deadlines.factor_for_days(item, level)


def _cells(course: Course, cols: list[Column]) -> QuerySet | None:
    """(uid, uname, kind, item, level, at, best) rows, ordered by student."""
    from grader.models import Submission
    from quizzes.models import Attempt

    exercises = [c.item for c in cols if c.kind == "exercise"]
    quizzes = [c.item for c in cols if c.kind == "quiz"]
    parts = []
    if exercises:
        submissions = Submission.objects.filter(
            exercise__in=exercises, student__is_staff=False, score__isnull=False
        )
        parts.append(_best(submissions, "student", "exercise", exercises))
    if quizzes:
        attempts = Attempt.objects.filter(quiz__in=quizzes, user__is_staff=False)
        if course.quiz_scoring == Course.QuizScoring.LAST:
            parts.append(_last(attempts))
        else:
            parts.append(_best(attempts, "user", "quiz", quizzes))
    if not parts:
        return None
    first, *rest = parts
    return first.union(*rest, all=True).order_by("uname", "uid")


COLUMNS = ("uid", "uname", "kind", "item", "level", "at")


def _best(queryset: QuerySet, who: str, what: str, items: list) -> QuerySet:
    """The best score per (student, item, days late)."""
    return (
        queryset.annotate(
            uid=F(f"{who}_id"),
            uname=F(f"{who}__username"),
            kind=Value(what),
            item=F(f"{what}_id"),
            level=_level(what, items),
            at=_exact_time(what, items),
        )
        .order_by()
        .values(*COLUMNS)
        .annotate(best=Max("score"))
    )


def _last(attempts: QuerySet) -> QuerySet:
    """The newest attempt per (student, quiz), with its time."""
    from quizzes.models import Attempt

    newest = (
        Attempt.objects.filter(user=OuterRef("user"), quiz=OuterRef("quiz"))
        .order_by("-created", "-id")
        .values("pk")[:1]
    )
    return (
        attempts.filter(pk=Subquery(newest))
        .annotate(
            uid=F("user_id"),
            uname=F("user__username"),
            kind=Value("quiz"),
            item=F("quiz_id"),
            level=Value(0),
            at=F("created"),
            best=F("score"),
        )
        .order_by()
        .values(*COLUMNS, "best")
    )


def _level(what: str, items: list) -> Case | Value:
    """Started days late of each row (0 on time), counted up to where the factor stops
    changing: CASE WHEN item = 7 AND created <= deadline THEN 0 WHEN ... + 1 day THEN 1..."""
    whens = []
    for item in items:
        levels = deadlines.penalty_levels(item)
        if not 0 < levels <= MAX_LEVELS:
            continue
        end = deadlines.deadline(item)
        this = Q(**{f"{what}_id": item.pk})
        whens += [
            When(this & Q(created__lte=end + day * deadlines.DAY), then=Value(day))
            for day in range(levels)
        ]
        whens.append(When(this, then=Value(levels)))
    if not whens:
        return Value(0, output_field=IntegerField())
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _exact_time(what: str, items: list) -> Case | Value:
    """The row's time for items with more than MAX_LEVELS levels, else NULL (grouped)."""
    many = [item.pk for item in items if deadlines.penalty_levels(item) > MAX_LEVELS]
    if not many:
        return Value(None, output_field=DateTimeField())
    return Case(
        When(Q(**{f"{what}_id__in": many}), then=F("created")),
        default=Value(None),
        output_field=DateTimeField(),
    )


# Sorting the page: "student" (default), "total" or a column key; "-" first: descending.
def sort_rows(found: Iterable[Row], sort: str, cols: list[Column]) -> tuple[list[Row], str]:
    """The rows in the order asked for (an unknown key: by student); missing scores lowest,
    ties by username. Returns the rows and the sort key applied."""
    key = sort.removeprefix("-")
    if key not in {"student", "total", *(c.key for c in cols)}:
        sort, key = "student", "student"
    ordered = sorted(found, key=lambda row: row.username)
    if key == "total":
        ordered.sort(key=lambda row: row.total, reverse=sort.startswith("-"))
    elif key != "student":
        ordered.sort(key=lambda row: _missing_lowest(row.scores.get(key)), reverse=sort[0] == "-")
    elif sort.startswith("-"):
        ordered.reverse()
    return ordered, sort


def headers(cols: list[Column], sort: str) -> list[dict]:
    """The table's headers: each a link that sorts by it, descending if it is already the
    ascending sort (and the other way round); `aria_sort` on the current one."""
    found = []
    descending = sort.startswith("-")
    for key, label, kind in [
        ("student", "Student", ""),
        *((c.key, c.title, c.kind) for c in cols),
        ("total", "Total", ""),
    ]:
        current = sort.removeprefix("-") == key
        found.append(
            {
                "key": key,
                "label": label,
                "kind": kind,
                "sort": f"-{key}" if current and not descending else key,
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return found


def _missing_lowest(value: float | None) -> tuple[bool, float]:
    return (value is not None, value or 0.0)


# The CSV export: scores in percent with one decimal; an empty cell: nothing submitted.
class _Echo:
    """A file for csv.writer that hands each line back instead of storing it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(cols: list[Column], found: Iterable[Row]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(["student", *(c.key for c in cols), "total"])
    for row in found:
        cells = [percent(row.scores.get(c.key)) for c in cols]
        yield writer.writerow([spreadsheet_safe(row.username), *cells, percent(row.total)])


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}"


def spreadsheet_safe(text: str) -> str:
    """A username such as "-2+3" or "@x" (Django allows - + @) would be read as a formula
    by a spreadsheet: a leading quote keeps it text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


# One student's page: every submission and attempt per item, with its late factor.
@dataclass
class Entry:
    when: datetime
    score: float | None
    factor: float
    status: str = ""  # submissions only
    url: str = ""  # submissions only: the submission's page

    @property
    def counted(self) -> float | None:
        return None if self.score is None else self.score * self.factor

    @property
    def factor_text(self) -> str:
        return f"{self.factor:g}"  # 1, 0.9, 0.75


@dataclass
class Item:
    column: Column
    entries: list[Entry]
    counted: float | None  # what the grade book shows for it


def student_items(course: Course, cols: list[Column], user) -> list[Item]:
    """Two queries: the student's submissions and attempts in the course's items."""
    from grader.models import Submission
    from quizzes.models import Attempt

    exercises = {c.item.pk: c.item for c in cols if c.kind == "exercise"}
    quizzes = {c.item.pk: c.item for c in cols if c.kind == "quiz"}
    entries: dict[tuple[str, int], list[Entry]] = {}
    submissions = (
        Submission.objects.filter(student=user, exercise__in=list(exercises))
        .only("exercise_id", "created", "score", "status")
        .order_by("created", "id")
    )
    for s in submissions:
        item = exercises[s.exercise_id]
        entries.setdefault(("exercise", item.pk), []).append(
            Entry(
                s.created,
                s.score,
                deadlines.late_factor(item, s.created),
                s.status,
                s.get_absolute_url(),
            )
        )
    attempts = (
        Attempt.objects.filter(user=user, quiz__in=list(quizzes))
        .only("quiz_id", "created", "score")
        .order_by("created", "id")
    )
    for a in attempts:
        item = quizzes[a.quiz_id]
        entries.setdefault(("quiz", item.pk), []).append(
            Entry(a.created, a.score, deadlines.late_factor(item, a.created))
        )
    last = course.quiz_scoring == Course.QuizScoring.LAST
    return [
        Item(c, found, _counted(found, last and c.kind == "quiz"))
        for c in cols
        for found in [entries.get((c.kind, c.item.pk), [])]
    ]


def _counted(entries: list[Entry], last: bool) -> float | None:
    scored = [e.counted for e in entries if e.counted is not None]
    if not scored:
        return None
    return scored[-1] if last else max(scored)
