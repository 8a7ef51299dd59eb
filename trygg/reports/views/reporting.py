from django.http import Http404


def start(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def report_create(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def my_reports(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def nothing_to_report(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def report_edit(request, *args, **kwargs):  # placeholder until implemented
    raise Http404

