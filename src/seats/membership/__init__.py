"""Pupil accounting (SPEC 9, issue 13): learner-validated membership from engagement evidence.
Rules in ``seats.domain.membership``; core never imports this app (docs/membership.md)."""
