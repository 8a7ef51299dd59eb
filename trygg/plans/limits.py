"""Limits of the statistics import, read by the parser, the forms, the model and the service."""

from typing import Final

MAX_UPLOAD_BYTES: Final = 5 * 1024 * 1024
"""The largest file a coordinator may upload (5 MB)."""
MAX_ROWS: Final = 50_000
"""The most data rows one import may carry."""
MIN_YEAR: Final = 1950
MAX_YEAR: Final = 2100
MAX_MEASURE_CODE: Final = 60
MAX_MEASURE_NAME: Final = 200
MAX_REGION_NAME: Final = 100
MAX_FILE_NAME: Final = 200
MAX_NOTE: Final = 500
MAX_COUNT: Final = 100_000_000
"""No count of reported crimes in Sweden comes near this (about 1.5 million a year)."""
MAX_RATE: Final = 10_000_000
"""Per 100,000 inhabitants; above this a value is a mistake (a count in the wrong column)."""
RATE_DECIMALS: Final = 2
MAX_KPIS: Final = 10
"""Kolada KPIs fetched in one action."""
DRAFT_HOURS: Final = 24
"""A parsed file waits this long for the coordinator's confirmation."""
PREVIEW_ROWS: Final = 200
"""Rows listed on the preview page (the counts cover them all)."""

# --- the lägesbild (lag 2023:196 §4) and the åtgärdsplan ---------------------------------------
MAX_TITLE: Final = 200
MAX_PART_TEXT: Final = 20_000
"""One part of the lägesbild (the analysis may run to several pages)."""
MAX_SHORT: Final = 200
MAX_DIARY: Final = 60
"""A diarienummer such as "KS 2024/123" or a paragraph such as "§ 45"."""
MAX_FINDING: Final = 1_000
MAX_ROW_TEXT: Final = 2_000
MAX_SOURCES: Final = 40
MAX_FIGURES: Final = 20
MAX_FINDINGS: Final = 40
MAX_ROWS_PER_PLAN: Final = 60
RENEWAL_YEARS_DEFAULT: Final = 2
"""Brå's advice and our default: the åtgärdsplan is renewed every two years."""
RENEWAL_REMINDER_DAYS: Final = 60
"""The coordinator is reminded this many days before the renewal date."""
