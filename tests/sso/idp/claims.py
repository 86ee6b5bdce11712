"""What the test identity provider asserts about its users.

- userinfo: the e-mail address (verified: this provider vouches for it) and the name;
- the ID token's ``amr`` (RFC 8176): ``["pwd", "mfa"]`` for users in the group
  ``second-factor`` (as a provider that made them give a second factor would say), else
  ``["pwd"]``.
"""

SECOND_FACTOR_GROUP = "second-factor"


def userinfo(claims, user):
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["name"] = user.get_full_name() or user.email
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    return claims


def add_authentication_methods(id_token, user, **kwargs):
    second_factor = user.groups.filter(name=SECOND_FACTOR_GROUP).exists()
    id_token["amr"] = ["pwd", "mfa"] if second_factor else ["pwd"]
    return id_token
