"""Provider reports (SPEC 7): completion rates live from the CCAs, the annual report per provider
and school year (staff and public versions), and the state's imports behind it (statewide
assessment scores, satisfaction surveys, the improvement plan and audit results).

Rules live in ``seats.domain.reports``; core never imports this app (ADR 0011)."""
