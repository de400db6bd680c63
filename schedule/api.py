"""API views of the schedule app; workshop/api_router.py mounts `urlpatterns` under /api/v1/."""

urlpatterns: list = []
