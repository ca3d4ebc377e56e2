"""Which address a sign-in attempt comes from, for django-axes's lockouts.

Behind a proxy every request arrives from the proxy's own address, so the
client's address is the one the proxy adds last to X-Forwarded-For. That
header is trusted only when the TRUSTED_PROXY setting says a proxy sets it:
without one, a guesser could send a new made-up address with every attempt
and never be locked out.
"""

from django.conf import settings


def client_ip_address(request) -> str:
    if settings.TRUSTED_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The proxy appends the address it saw: the last one is the only one
        # a client cannot choose.
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1][:45]
    return request.META.get("REMOTE_ADDR", "")
