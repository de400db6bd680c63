from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from . import login_throttle


class TokenInput(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


class LoginThrottle(AnonRateThrottle):
    """Requests per address, as the login form's limit (allauth's "login": 30/m/ip);
    wrong passwords are slowed down further by people.login_throttle."""

    rate = "30/min"

    def get_ident(self, request):
        return login_throttle.client_address(request)


class ObtainToken(APIView):
    """Exchange an email and password for an API token (`Authorization: Token …`).

    A malformed body is a 400 keyed by field; a wrong email or password is a 401, since the
    credentials are what is wrong; an account whose address is not verified yet is a 403."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [LoginThrottle]

    def get_authenticate_header(self, request):
        # No authentication on this view, yet a wrong login is a 401, whose challenge
        # (RFC 9110 asks for one) names the scheme the token is used with.
        return "Token"

    @extend_schema(
        request=TokenInput,
        responses={
            200: TokenOutput,
            401: OpenApiResponse(description="The email or the password is wrong."),
            403: OpenApiResponse(description="The account's email address is not verified."),
        },
    )
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        # Before the password is checked: a waiting address learns nothing about it.
        wait = login_throttle.seconds_to_wait(request)
        if wait:
            raise Throttled(wait=wait, detail=login_throttle.wait_message(wait))
        user = authenticate(
            request,
            email=data.validated_data["email"].lower(),
            password=data.validated_data["password"],
        )
        if user is None:
            raise exceptions.AuthenticationFailed("The email or the password is wrong.")
        if not user.emailaddress_set.filter(verified=True, primary=True).exists():
            raise exceptions.PermissionDenied(
                "Please verify your email address first; we sent you a link."
            )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
