import factory


class PlainName(factory.Faker):
    """An en_GB name from Faker without apostrophes. Tests compare names with rendered HTML,
    where "O'Neill" is escaped; escaping itself has tests of its own."""

    def __init__(self, provider: str, **kwargs: object) -> None:
        super().__init__(provider, locale="en_GB", **kwargs)

    def evaluate(self, instance: object, step: object, extra: dict) -> str:
        return super().evaluate(instance, step, extra).replace("'", "")
