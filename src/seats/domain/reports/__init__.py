"""Report rules (SPEC 7, Provider Manual "Mandatory Minimum Rate of Completion" and "Monitoring
and Annual Report", R277-726-7).

Plain typed Python, no Django (ADR 0011). The ``seats.reports`` app counts CCAs, scores and
survey answers in the database and asks these modules what the figures are and which of them a
public report may show.

- ``completion``: which statuses count for the completion rate (one table) and the rates.
- ``figures``: the pupil-teacher ratio, grade distributions and assessment summaries.
- ``suppression``: the "n<10" rule with complementary suppression for public tables.
"""
