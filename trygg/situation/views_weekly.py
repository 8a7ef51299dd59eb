from django.http import Http404


def weekly_picture(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def area_status_form(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def pin_report(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def area_status_history(request, *args, **kwargs):  # placeholder until implemented
    raise Http404

