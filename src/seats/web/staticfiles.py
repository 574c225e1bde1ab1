"""The production static-file storage: WhiteNoise's hashed, compressed copies.

Vendored libraries (Swagger UI, and any design-system bundle) ship ``sourceMappingURL`` comments
for maps they do not ship. Django's manifest storage would refuse to collect them; the maps are
a developer convenience, so the comments are left as they are (a browser that asks for a map
gets a 404) while ``url()`` and ``@import`` references in CSS are still rewritten to the hashed
names, which is what caching depends on.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(
    patterns: tuple[tuple[str, tuple[object, ...]], ...],
) -> tuple[tuple[str, tuple[object, ...]], ...]:
    kept = []
    for glob, rules in patterns:
        rules = tuple(r for r in rules if "sourceMappingURL" not in str(r))
        if rules:
            kept.append((glob, rules))
    return tuple(kept)


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
