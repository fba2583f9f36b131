from django.urls import include, path

urlpatterns = [path("", include("hello_azure.urls"))]
