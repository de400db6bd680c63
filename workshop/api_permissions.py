"""The one DRF permission class: views name the django-rules permission per HTTP method.

An object the user may not read is a 404 (its existence is not revealed); one they may read
but not change is a 403."""

from rest_framework import exceptions, permissions


class RulesPermission(permissions.BasePermission):
    """On a view: `object_permissions = {"GET": "app.read_x", "PATCH": "app.edit_x"}` and
    optionally `read_permission` (defaults to the GET entry) and `login_required`."""

    def has_permission(self, request, view):
        if getattr(view, "login_required", False) and not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        return True

    def has_object_permission(self, request, view, obj):
        perms = getattr(view, "object_permissions", {})
        read = getattr(view, "read_permission", None) or perms.get("GET")
        if read and not request.user.has_perm(read, obj):
            raise exceptions.NotFound()
        wanted = perms.get(request.method)
        if wanted and not request.user.has_perm(wanted, obj):
            raise exceptions.PermissionDenied()
        return True
