"""British English: "1 December 2026". Short dates spell the month ("1 Dec 2026"): "01/12/2026"
reads as 12 January to an American, and Django's own ``en`` ("12/01/2026") as 12 January to
a Dane or a Briton, so no short format here puts two numbers side by side."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Typed dates day first, never month first (Django's ``en`` reads 01/12/2026 as 12 January).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"]
