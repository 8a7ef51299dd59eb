"""Share of area-weeks the weekly picture proposes yellow or red, through the page's own code.

Usage (on the seeded demo database of `make setup`):
    TRYGG_PRODUCTION=0 .venv/bin/python manage.py shell < bench/weekly_share.py

For each demo municipality: the proposals of the last 104 complete weeks, per area, and the
time per picture. docs/statistics.md records the result. Never asserted in tests.
"""

import collections
import time

from trygg.accounts.models import User
from trygg.core.weeks import IsoWeek
from trygg.places.models import Municipality
from trygg.situation.selectors.weekly import weekly_picture

WEEKS = 104
user = User.objects.get(username="samordnare.flen")
for code in ["0482", "1862"]:
    municipality = Municipality.objects.get(code=code)
    proposals: collections.Counter[str] = collections.Counter()
    per_area: collections.Counter[str] = collections.Counter()
    last = IsoWeek.current().previous()
    start = time.perf_counter()
    for i in range(WEEKS):
        picture = weekly_picture(municipality, last.shift(-i), user=user)
        for area in picture.areas:
            proposals[area.proposal] += 1
            if area.proposal in ("yellow", "red"):
                per_area[area.area.name] += 1
    share = (proposals["yellow"] + proposals["red"]) / max(sum(proposals.values()), 1)
    ms = (time.perf_counter() - start) / WEEKS * 1000
    print(
        f"{municipality.name}: {dict(proposals)}; yellow or red {share:.1%}; "
        f"{dict(per_area)}; {ms:.0f} ms/picture"
    )
