"""CI definitions named by other configuration: a Cloud Build trigger declared in Terraform names its build file.

A build file can have any name (`build/pipeline-run.yaml`); the configuration that starts it
says which (`google_cloudbuild_trigger { filename = "build/pipeline-run.yaml" }`), and what
starts it (`push { branch = "^main$" }`). The catalogue's `ci_references` say where to look;
each file named is read as a definition of that service, started as the reference says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlops_maturity.scan.catalogue import Catalogue
from mlops_maturity.scan.catalogue_model import CiDefinitionFiles, CiReference
from mlops_maturity.scan.ci_follow import resolved
from mlops_maturity.scan.detect import expanded, glob_regex
from mlops_maturity.scan.patterns import Pattern, compile_lines


@dataclass(frozen=True, slots=True)
class Referenced:
    """A CI definition named by other configuration, and what starts it there."""

    path: str
    kind: CiDefinitionFiles
    triggers: tuple[str, ...]
    """What the reference says starts it (`push`, `pull_request`); empty when it does not say."""


@dataclass(frozen=True, slots=True)
class _Compiled:
    reference: CiReference
    files: re.Pattern[str]
    contains: tuple[Pattern, ...]
    path: Pattern
    triggers: tuple[tuple[str, Pattern], ...]


class CiReferences:
    """The catalogue's `ci_references`, compiled; collects the definitions the scanned files name."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.compiled = [
            _Compiled(
                reference,
                re.compile(
                    "|".join(f"(?:{glob_regex(glob)})" for glob in expanded(reference.files, catalogue.file_sets)),
                    re.IGNORECASE,
                ),
                tuple(compile_lines(pattern) for pattern in reference.contains),
                compile_lines(reference.path),
                tuple((name, compile_lines(pattern)) for name, pattern in reference.triggers.items()),
            )
            for reference in catalogue.ci_references
        ]
        self.found: dict[str, Referenced] = {}

    def note(self, path: str, text: str) -> None:
        """Remember the definitions a file names, if it is configuration that names some."""
        code: str | None = None
        for compiled in self.compiled:
            if not compiled.files.fullmatch(path):
                continue
            if code is None:  # a commented-out trigger names nothing
                from mlops_maturity.scan.code_text import masked_text
                from mlops_maturity.scan.workflows import UnreadableWorkflow

                try:
                    text = code = masked_text(path, text)
                except UnreadableWorkflow:
                    return
            if not all(pattern.search(text) for pattern in compiled.contains):
                continue
            triggers = tuple(name for name, pattern in compiled.triggers if pattern.search(text))
            reference = compiled.reference
            kind = CiDefinitionFiles(service=reference.service, reader=reference.reader, files=(path,))
            for match in compiled.path.finditer(text):
                if _switched_off(text, match.start()):
                    continue
                target = resolved("", match.group(1))
                if target is not None:
                    self.found.setdefault(target, Referenced(target, kind, triggers))


_DISABLED = re.compile(r"(?m)^[ \t]*disabled[ \t]*=[ \t]*true\b")


def _switched_off(text: str, position: int) -> bool:
    """Whether the Terraform resource around `position` says `disabled = true` (a trigger that never fires)."""
    start = max(text.rfind("\nresource ", 0, position), 0)
    end = text.find("\nresource ", position)
    return _DISABLED.search(text, start, end if end != -1 else len(text)) is not None
