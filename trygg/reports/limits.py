"""The limits of a report, defined once: the model, the form, the API, imports and the service
all read them from here."""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""No event before this instant is accepted."""
MAX_WINDOW = dt.timedelta(days=14)
"""The longest time window "sometime between … and …"."""
MAX_PEOPLE = 1000
"""The largest number of people involved that can be given."""
MAX_DESCRIPTION = 4000
"""Characters in the free-text description."""
MAX_POLICE_REFERENCE = 40
"""Characters in the internal police reference."""
POLICE_REFERENCE_EXTRA = " -/."
"""Characters besides letters and digits allowed in a police reference."""
