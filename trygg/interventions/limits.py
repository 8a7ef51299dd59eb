"""Limits of the interventions app, read by the models, the forms, the API and the services."""

from decimal import Decimal

MAX_TITLE = 200
MAX_RESPONSIBLE = 200
MAX_SARA_TEXT = 2000
MAX_NOTE = 2000
MAX_HOURS_PER_UPDATE = Decimal("1000")
"""Hours in one progress update: a team's work over a few weeks, not a typo's 10 000."""
HOURS_DECIMALS = 2
"""Hours are given to the quarter hour or finer (1,25 h); the fields keep two decimals."""
