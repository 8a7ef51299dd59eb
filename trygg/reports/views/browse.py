from django.http import Http404


def report_map(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def report_map_data(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def report_photo(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def report_detail(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def report_list(request, *args, **kwargs):  # placeholder until implemented
    raise Http404

