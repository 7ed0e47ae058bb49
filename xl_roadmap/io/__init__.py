"""Files only: reading workbooks, lists and folders, writing workbooks and report copies atomically, building
the VBA project."""
