from django.http import Http404


def category_list(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def category_create(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def category_edit(request, *args, **kwargs):  # placeholder until implemented
    raise Http404

