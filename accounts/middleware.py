from django.utils import translation


class UserLanguageMiddleware:
    """A signed-in user reads the portal in the language saved on their account.

    Runs after LocaleMiddleware (which picked the cookie's or the browser's language) and
    after AuthenticationMiddleware. The language switcher saves the choice on the account.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
