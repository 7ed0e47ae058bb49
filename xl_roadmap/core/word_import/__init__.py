"""Import of a roadmap from a Word document: pure interpretation of ``core.document`` values (tables found
by their header words, rows read as people write them, every repair reported)."""

from xl_roadmap.core.word_import.interpret import ImportRefused, interpret
from xl_roadmap.core.word_import.plan import ImportedPlan, Place, Repair

__all__ = ["ImportRefused", "ImportedPlan", "Place", "Repair", "interpret"]
