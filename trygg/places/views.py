from django.http import Http404


def settings_index(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def reporting_settings(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def area_list(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def area_create(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def area_import(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def area_edit(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def place_list(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def place_create(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def place_edit(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def onboard(request, *args, **kwargs):  # placeholder until implemented
    raise Http404

