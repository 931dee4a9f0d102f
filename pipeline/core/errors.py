"""Errors the user can act on. The CLI prints them as one line and exits with code 2."""


class InputError(Exception):
    """The input file cannot be reviewed (missing, corrupt, empty, scanned ...).

    ``vi`` is the Vietnamese message shown first; ``en`` the English one.
    """

    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi = vi
        self.en = en

    def one_line(self) -> str:
        return f"{self.vi} / {self.en}"


class RulesError(Exception):
    """The rule set under rules/ is invalid (bad YAML, unknown check, missing field)."""
