"""The Excel door: the only package that imports xlwings.

``buttons`` holds the RunPython entry points of «Проверить», «Проверить сроки» and «Свести»; ``udfs`` the
worksheet functions. Both convert between Excel and the core and call the same use cases as the CLI.
"""
