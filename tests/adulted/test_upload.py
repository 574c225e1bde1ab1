"""A month's attendance by CSV: per-row results by line and column, all or nothing; malformed
files (wrong columns, 50,000 garbage rows) get clear messages and write nothing."""

from __future__ import annotations

import pytest

from seats.adulted.models import ContactHour
from seats.adulted.services.upload import MAX_PROBLEMS, upload_attendance
from seats.domain.errors import NotPermitted

from .helpers import TODAY, build, enrolled

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY


def up(a, text: str, actor=None):  # type: ignore[no-untyped-def]
    return upload_attendance(actor=actor or a.staff, program=a.program, data=text.encode())


def test_a_good_month_is_written() -> None:
    a = build()
    e1, e2 = enrolled(a), enrolled(a)
    rows = [f"{e1.student_id},2025-09-{d:02d},instructional,3," for d in range(2, 12)]
    rows.append(f"{e2.student_id},2025-09-03,counseling,,50")
    result = up(a, "student_id,day,kind,hours,minutes\n" + "\n".join(rows) + "\n")
    assert result.ok and result.written == 11 and result.rows == 11
    e1.refresh_from_db()
    assert e1.hours_total == 30 and ContactHour.objects.get(kind="counseling").hours == 1


def test_every_bad_row_is_named_by_line_and_column_and_nothing_is_written() -> None:
    a = build()
    e = enrolled(a)
    text = "\n".join(
        [
            "student_id,day,kind,hours",
            f"{e.student_id},2025-09-02,instructional,3",  # fine
            f"{e.student_id},2025-09-31,instructional,3",  # no such day
            "x,2025-09-03,instructional,3",
            f"{e.student_id},2025-09-04,instructional,lots",
            f"{e.student_id},2025-09-01,instructional,3",  # before entry
            f"{e.student_id},2025-09-05,instructional,11",  # over the day max
            f"{e.student_id},2025-09-06,napping,1",
            "999999,2025-09-07,instructional,1",
            f"{e.student_id},2025-09-08",
        ]
    )
    result = up(a, text)
    assert not result.ok and result.written == 0
    got = [(p.line, p.column) for p in result.problems]
    assert got == [
        (3, "day"),
        (4, "student_id"),
        (5, "hours"),
        (6, "day"),
        (7, "hours"),
        (8, "kind"),
        (9, "student_id"),
        (10, "-"),
    ]
    assert "before the entry date" in str(result.problems[3])
    assert str(result.problems[0]).startswith("Line 3, column day:")
    assert not ContactHour.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty."),
        ("name,date,hours\nAna,2025-09-02,3\n", "the file needs student_id, day, kind"),
        ("student_id,day,kind\n1,2025-09-02,instructional\n", "and hours or minutes"),
    ],
)
def test_wrong_columns_are_refused_whole(text: str, message: str) -> None:
    a = build()
    result = up(a, text)
    assert message in result.stopped and result.written == 0


def test_fifty_thousand_garbage_rows_stop_early_and_write_nothing() -> None:
    a = build()
    enrolled(a)
    garbage = "student_id,day,kind,hours\n" + "\n".join(f"zz{i},??,!!,--" for i in range(50_000))
    result = up(a, garbage)
    assert result.stopped and result.written == 0
    assert len(result.problems) <= MAX_PROBLEMS
    assert not ContactHour.objects.exists()
    too_many = "student_id,day,kind,hours\n" + "1,2025-09-02,instructional,1\n" * 50_000
    assert "more than 20000 rows" in up(a, too_many).stopped


def test_not_utf8_and_not_permitted() -> None:
    a = build()
    from seats.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="UTF-8"):
        upload_attendance(actor=a.staff, program=a.program, data=b"\xff\xfe\x00bad")
    with pytest.raises(NotPermitted):
        up(a, "student_id,day,kind,hours\n", actor=a.other_staff)
