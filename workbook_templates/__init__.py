"""Report workbook templates and the code that fills them (openpyxl; no xlwings)."""
