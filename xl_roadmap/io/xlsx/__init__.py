"""Writing .xlsx with XlsxWriter: the workbook writer, its sheet layouts, charts and streamed sheet XML."""
