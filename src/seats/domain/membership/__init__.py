"""Pupil-accounting rules (SPEC 9; the LEA Pupil Accounting policy, reference 004; the provider
manual's "SAP", "Attendance" and "Learner Validated Enrollment Measures").

Plain typed Python, no Django (ADR 0011). The ``seats.membership`` app stores programs,
enrollments and engagement events, turns them into the facts below and asks these modules:

- ``kinds``: program kinds (attendance- or learner-validated, home and hospital, CTE at a
  technical college) and the engagement kinds each accepts.
- ``rules``: the numbers (``MembershipRules``) taken from the year's ``Policy``.
- ``tenday``: the ten-day rule over a program's school calendar: membership days, each gap
  with the school days that caused it, the return, the silent streak on a day (roster, warning).
- ``homehospital``: 120 minutes of direct instruction per week with school days.
- ``adm``: aggregate days, average daily membership, the 180-day cap and proration.
- ``eligibility``: every reason a student may not be counted, returned at once.
- ``checks``: the documented continued-enrollment check every ten school days.
- ``explain``: "why is this student (not) in membership on date D?"
"""
