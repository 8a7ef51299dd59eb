"""Text limits of the meetings app, read by the models, the forms and the services."""

NAME_MAX = 200
PLACE_MAX = 300
NOTE_MAX = 4000
DECISION_MAX = 2000
SCHEDULE_MAX = 26  # meetings created at once by a series
RISK_DAY_SPAN_MAX = 60  # days a local risk day may cover
RISK_DAYS_AHEAD = 14
