from django.http import Http404


def hotspot_page(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def hotspot_data(request, *args, **kwargs):  # placeholder until implemented
    raise Http404

