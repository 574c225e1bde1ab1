"""Funding (SPEC 6): fees, payment holds, the monthly payment run and its double-entry ledger.

Rules live in ``seats.domain.funding`` (ADR 0011). This app reads CCAs, history and policy from
``seats.core``; core never imports it.
"""
