"""Bulk approval of pending requests by an LEA (issue 9): what it may approve without a person
opening each request. An LEA may require its counselor's review first (its policy, stored on the
LEA: ``bulk_approval_needs_review``); bulk approval then skips every unreviewed request and says
why, and the request can still be approved on its own page."""

from __future__ import annotations

REVIEW_RULE = "LEA policy: bulk approval needs the counselor's review"


def review_missing(*, lea_requires_review: bool, reviewed: bool) -> str | None:
    """Why a bulk approval must skip this request, or None when it may approve it."""
    if lea_requires_review and not reviewed:
        return (
            "Skipped: the counselor has not reviewed this request, and the LEA requires the "
            "review before a bulk approval. Review it, or approve it on its own page."
        )
    return None
