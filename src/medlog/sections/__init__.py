"""The report's sections, one module each, as plain cells and lines shared by the terminal
(render/report.py) and the files (export/); the rest of the report's words are summary.py's."""
