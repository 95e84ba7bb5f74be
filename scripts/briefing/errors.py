"""The pipeline's own error type: one line per problem, naming the file and the field."""

from __future__ import annotations


class BriefingError(Exception):
    """A problem with the briefing's input, reported as one clean line per problem.

    ``problems`` holds every line, so a build can report all problems at once.
    """

    def __init__(self, *problems: str) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("\n".join(self.problems))


def source_problem(path: str, field: str | None, message: str) -> str:
    """Format one problem line: ``path: front matter 'field': message``."""
    if field is None:
        return f"{path}: {message}"
    return f"{path}: front matter '{field}': {message}"
