"""The errors a use case hands to a door; each carries a Russian message meant for the user."""

from xl_roadmap.io.addin_files import AddinMissing
from xl_roadmap.io.archive import ArchiveError
from xl_roadmap.io.atomic import OutputError
from xl_roadmap.io.vba.project import VbaBuildError
from xl_roadmap.io.read_error import ReadError
from xl_roadmap.spec import SpecError

__all__ = ["AddinMissing", "ArchiveError", "OutputError", "ReadError", "SpecError", "VbaBuildError"]
