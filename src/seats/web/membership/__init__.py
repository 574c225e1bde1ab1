"""Pupil-accounting pages (SPEC 9, issue 13): the teacher's roster, the LEA's membership,
checks and adjustments, the state's read-only view. Reads seats.membership; core never does."""
