"""SEATS vs UTREx (SPEC 7): read a UTREx extract of course records, check every SOEP record
against SEATS rule by rule, and produce the quarterly data report. See docs/utrex.md."""
