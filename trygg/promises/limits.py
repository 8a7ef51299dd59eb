"""Limits of the promises app, read by the models, the forms, the API and the services."""

MAX_TITLE = 200
MAX_TEXT = 4000  # situational picture, goals, summaries
MAX_ITEM_TEXT = 1000
MAX_NOTE = 2000
MAX_NAME = 120  # signatories' names and titles, party names
MAX_SHORT = 200  # "when" of an activity, target in words
MAX_ITEMS = 40
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # the signed agreement (PDF)
MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_PROMISE_YEARS = 2  # a promise runs one or two years (DOMAIN.md)
