"""The core: plain Python over plain data — cells and values, deadlines, indicators, formulas' twins, the
reading of grids and the analysis of a workbook. Imports only the spec."""
