"""The Excel door: the only package that imports xlwings.

``buttons`` holds the RunPython entry points of the workbook buttons «Проверить», «Проверить сроки» and «Свести»;
``addin`` those of the add-in's ribbon (the same functions on Excel's active workbook); ``dialogs`` Excel's
file and folder dialogs for both; ``udfs`` the worksheet functions. All convert between Excel and the core and
call the same use cases as the CLI.
"""
