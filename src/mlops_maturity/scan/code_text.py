"""A file's text as the detectors match it: the code that runs, with each line's place in the file.

Comments, Python docstrings and other triple-quoted strings are blanked (line numbers kept):
a commented-out workflow is not a workflow, and a tool named in prose is not a tool in use. A
GitHub workflow's switched-off jobs and unreachable triggers are blanked too (`workflows.py`).
A notebook is parsed as JSON and read as its code cells only (`notebooks.py`); its lines are
mapped back to the lines of the `.ipynb` file that hold them. In Python code, a module
imported under another name (`from google.cloud import aiplatform as vertex_ai`) is read
under the name the catalogue knows (`aliases`), for matching only: excerpts quote the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlops_maturity.scan.notebooks import notebook_code
from mlops_maturity.scan.workflows import runnable_workflow

_HASH_COMMENTS = re.compile(r"(?m)^[ \t]*#.*$")
# A C-style language's strings (kept as they are) and comments (blanked, line breaks kept), in one
# pass: `/* ... */` blocks (an unclosed one runs to the end), and `//` to the end of a line,
# except inside strings and after a `:` (`https://`). NOTE: each quantifier is possessive or
# stops at its closing mark, so the text is read in time linear in its size.
_SLASH_CODE = re.compile(
    r"(?P<keep>'''.*?'''"
    r'|""".*?"""'
    r"""|"(?:[^"\\\n]|\\.)*+"|'(?:[^'\\\n]|\\.)*+'|`(?:[^`\\]|\\.)*+`)"""
    r"|(?P<block>/\*.*?\*/|/\*.*)|(?<!:)//[^\n]*+",
    re.DOTALL,
)
_TRIPLE_QUOTED = re.compile(r'(?s)("""|\'\'\')(.*?)\1')
_HASH_EXTENSIONS = frozenset({"py", "r", "yaml", "yml", "sh", "bash", "tf", "toml", "cfg", "ini", "properties", "conf"})
_SLASH_EXTENSIONS = frozenset({"js", "ts", "java", "cs", "go", "groovy", "bicep", "kt", "scala", "tf", "jsonc"})
_HASH_NAMES = frozenset({"dockerfile", "containerfile", "config"})
_SLASH_NAMES = frozenset({"jenkinsfile"})
# The code of a line up to a `#` comment: a `#` right after code (`a#b`) or inside quotes is kept.
_BEFORE_COMMENT = re.compile(r"""(?:[^"'#\s]+|(?<=\S)#+|\s+(?![#\s])|"[^"]*"?|'[^']*'?)*""")
_IMPORT_AS = re.compile(
    r"(?m)^[ \t]*(?:import[ \t]+([\w.]+)[ \t]+as[ \t]+(\w+)|from[ \t]+([\w.]+)[ \t]+import[ \t]+(\w+)[ \t]+as[ \t]+(\w+))"
)


@dataclass(frozen=True, slots=True)
class CodeText:
    """The text detectors match, and where its lines are in the file."""

    text: str
    """Line for line the file's code (comments blanked), or a notebook's code cells."""
    file_lines: tuple[int, ...] | None = None
    """The file's 1-based line for each line of `text`; None when they are the same."""
    matched: str | None = None
    """`text` with imported aliases read under their module's name, when any were; else None."""

    @property
    def for_matching(self) -> str:
        return self.text if self.matched is None else self.matched

    def file_line(self, line: int) -> int:
        """The file's line for a 1-based line of `text`."""
        if self.file_lines is None or not self.file_lines:
            return line
        return self.file_lines[min(line, len(self.file_lines)) - 1]


def file_kind(path: str) -> tuple[str, str]:
    """(name, extension), lower case, of a path."""
    name = path.rsplit("/", 1)[-1].lower()
    return name, name.rsplit(".", 1)[-1] if "." in name else ""


def code_lines(path: str, text: str, aliases: dict[str, str] | None = None) -> CodeText:
    """The code of a file as the detectors see it.

    Raises:
        UnreadableWorkflow: a GitHub workflow that cannot be read as one (`workflows.py`).
        UnreadableNotebook: a `.ipynb` file that is not a notebook's JSON (`notebooks.py`).
    """
    extension = file_kind(path)[1]
    code = _notebook_text(text) if extension == "ipynb" else CodeText(masked_text(path, text))
    if aliases and extension in ("py", "ipynb"):
        return _with_aliases(code, aliases)
    return code


def masked_text(path: str, text: str) -> str:
    """A file's text with its comments (and, in Python, triple-quoted strings) blanked, line numbers kept."""
    name, extension = file_kind(path)
    if extension == "py":
        text = python_code(text)
    if extension in ("yml", "yaml") and path.startswith(".github/workflows/"):
        text = runnable_workflow(text)
    if extension in _HASH_EXTENSIONS or name in _HASH_NAMES or name.startswith("dockerfile"):
        text = _without_trailing_comments(_HASH_COMMENTS.sub("", text))
    if extension in _SLASH_EXTENSIONS or name in _SLASH_NAMES or name.startswith("jenkinsfile"):
        text = _SLASH_CODE.sub(_slash_code, text) if "/" in text else text
    return text


def _slash_code(match: re.Match[str]) -> str:
    kind = match.lastgroup  # NOTE: one look per match; a comment-dense 1 MiB file has 200,000 of them
    if kind == "keep":
        return match[0]
    return "\n" * match[0].count("\n") if kind == "block" else ""


def python_code(text: str) -> str:
    """Python source with its triple-quoted strings blanked (line numbers kept)."""
    return _TRIPLE_QUOTED.sub(_only_newlines, text)


def _notebook_text(text: str) -> CodeText:
    """A notebook's code cells, each masked as Python on its own (an open docstring stays in its cell)."""
    pieces: list[str] = []
    file_lines: list[int] = []
    for cell in notebook_code(text).cells:
        if not cell.code:
            continue
        pieces.append(_without_trailing_comments(_HASH_COMMENTS.sub("", python_code("\n".join(cell.code)))))
        file_lines.extend(cell.file_lines)
    return CodeText("\n".join(pieces), tuple(file_lines))


def _with_aliases(code: CodeText, aliases: dict[str, str]) -> CodeText:
    """`code` with each alias of a module the catalogue names read under that name (`vertex_ai.` as `aiplatform.`)."""
    if " as " not in code.text:
        return code
    renamed: dict[str, str] = {}
    for match in _IMPORT_AS.finditer(code.text):
        module_import, module_alias, package, imported, name_alias = match.groups()
        module, alias = (module_import, module_alias) if module_import else (f"{package}.{imported}", name_alias)
        known = known_name(module, aliases)
        if known is not None and known != alias:
            renamed[alias] = known
    if not renamed:
        return code
    pattern = re.compile(r"(?<![\w.])(" + "|".join(re.escape(alias) for alias in renamed) + r")(?=\s*[.(])")
    matched = pattern.sub(lambda found: renamed[found.group(1)], code.text)
    return CodeText(code.text, code.file_lines, matched)


def known_name(module: str, aliases: dict[str, str]) -> str | None:
    """The catalogue's name for a dotted module, by its longest listed prefix (`mlflow.sklearn`: `mlflow.sklearn`)."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        known = aliases.get(".".join(parts[:end]))
        if known is not None:
            return ".".join([known, *parts[end:]])
    return None


def _only_newlines(match: re.Match[str]) -> str:
    return "\n" * match.group().count("\n")


def _without_trailing_comments(text: str) -> str:
    """Each line without a `#` comment after its code (a `#` inside quotes is kept)."""
    if "#" not in text:
        return text
    return "\n".join(_code_of(line) if "#" in line else line for line in text.split("\n"))


def _code_of(line: str) -> str:
    code = _BEFORE_COMMENT.match(line)
    end = code.end() if code is not None else 0
    return line[:end] if line[end:].lstrip().startswith("#") else line
