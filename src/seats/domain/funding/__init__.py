"""Funding rules (SPEC 6, R277-726-6, R277-726-9, Provider Manual "Funding" and "Course Fees").

Plain typed Python, no Django (ADR 0011: an app's pure rules live in ``seats/domain/<app>/``).
The ``seats.funding`` app reads CCAs, history and policy from core, turns them into the facts
below, asks these modules what is owed and when, and writes the answers to its ledger.

- ``money``: cents-exact arithmetic and the split of a fee into two halves.
- ``months``: payment months, the 9th-at-end-of-business cutoff, the MSP run schedule.
- ``fees``: a CCA's fee from its tier, the year's fee per credit and the credit attempted.
- ``tranches``: what each half of the fee is owed, from which history entry, or why not.
- ``holds``: payment holds, their reason codes and whom they stop.
- ``ledger``: accounts and balanced legs (double entry).
- ``plan``: what a run posts for one CCA (payments, reversals), given what is already posted.
- ``explain``: "why (not) paid", per tranche.
"""
