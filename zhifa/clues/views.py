from django.http import HttpRequest, HttpResponse


def clue_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


clue_new = clue_stats = clue_list


def clue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("")


def clue_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    return HttpResponse("")
