import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# The garbage collector, tuned for requests that build large pictures (docs/performance.md,
# issue 8). Everything loaded so far (Django, the apps, numpy and scipy, the URL patterns)
# lives as long as the worker: frozen, a full collection no longer walks it. And a collection
# of the youngest generation every 50,000 (not 700) new objects: with the default, the tens of
# thousands of objects a weekly picture holds while it is built were promoted to the oldest
# generation, and every third request paid a full collection of 50 ms.
gc.freeze()
gc.set_threshold(50_000, 20, 100)
