"""A realistic fictional district built from the real roadmaps in the seeds (content.json)."""
