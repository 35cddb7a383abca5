from django.urls import path

from notes import views

# The health check path is not routed here: HealthCheckMiddleware answers it before anything else (mate/health.py).
urlpatterns = [
    path("", views.index, name="index"),
]
