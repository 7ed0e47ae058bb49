"""The VBA project of the macro-enabled workbooks, compiled from the sources in ``macros/`` at build time."""
