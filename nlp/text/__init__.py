"""Single-report text stages: headings, layout (structure), sentences, metadata, tokens."""
