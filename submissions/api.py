"""API views of the submissions app; workshop/api_router.py mounts `urlpatterns` under /api/v1/."""

urlpatterns: list = []
