from django.http import Http404


def review_queue(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def review_report(request, *args, **kwargs):  # placeholder until implemented
    raise Http404

