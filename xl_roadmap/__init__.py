"""xl-roadmap: roadmaps (дорожные карты) of Russian education authorities, kept in Excel."""

__version__ = "0.1.0"
