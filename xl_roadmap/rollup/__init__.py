"""Consolidation, pure: submissions, judging, aggregation, the roll-up's content and its provenance."""
