from django.shortcuts import get_object_or_404, render

from gongkai.agencies.models import Agency


def directory(request):
    return render(request, "agencies/directory.html", {"agencies": Agency.objects.filter(is_active=True)})


def detail(request, credit_code):
    agency = get_object_or_404(Agency, credit_code=credit_code, is_active=True)
    return render(request, "agencies/detail.html", {"agency": agency})
