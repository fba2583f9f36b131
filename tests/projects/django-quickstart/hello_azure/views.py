from django.shortcuts import render


def index(request):
    return render(request, 'hello_azure/index.html')
