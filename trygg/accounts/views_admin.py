from django.http import Http404


def organisation_list(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def organisation_create(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def organisation_edit(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def user_list(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def user_create(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def user_edit(request, *args, **kwargs):  # placeholder until implemented
    raise Http404


def audit_log(request, *args, **kwargs):  # placeholder until implemented
    raise Http404

