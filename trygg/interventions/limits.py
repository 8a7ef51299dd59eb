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
MAX_SESSION_PARTICIPANTS = 500
"""People out on one session: a large night walk is a few dozen, 500 catches a typo."""
MAX_SESSION_OBSERVATIONS = 3
"""Observation rows on the phone form; more are added from the session's page."""
MAX_OBSERVATION_TEXT = 2000
