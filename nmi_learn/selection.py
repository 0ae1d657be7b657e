"""Which part of the course a build makes: `--module ID` (any number) and `--quiz NAME`.

A selection is resolved against the curriculum before anything is built, so
an unknown module or quiz is a clean error that names the ones there are.
A partial build makes the chosen modules' deck, quizzes and study guides as
a whole build would make them (same seed, same questions), under names that
do not replace the whole course's files where they differ (the deck), and
removes nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .curriculum import Curriculum
from .errors import NmiLearnError

EXAM_ID = "final-exam"
EXAM_NAMES = (EXAM_ID, "exam")


@dataclass(frozen=True)
class Selection:
    """The modules and quizzes a build makes; `partial` when that is less than the whole course."""

    modules: tuple[str, ...]  # module ids, in teaching order
    quizzes: frozenset[str] | None = None  # quiz ids ("module-01-origins", "final-exam"); None: as the modules give
    partial: bool = False

    @classmethod
    def whole(cls, curriculum: Curriculum) -> "Selection":
        return cls(tuple(module.id for module in curriculum.modules))

    @classmethod
    def resolve(cls, curriculum: Curriculum, module_ids: tuple[str, ...] = (), quiz: str | None = None) -> "Selection":
        """The selection the options name, or an error listing what exists."""
        known = {module.id: module for module in curriculum.modules}
        unknown = [module_id for module_id in module_ids if module_id not in known]
        if unknown:
            raise NmiLearnError(f"no module {', '.join(repr(u) for u in unknown)} in this curriculum"
                                f"{_did_you_mean(unknown[0], list(known))}; its modules are: {', '.join(known)}")
        chosen = set(module_ids) or set(known)
        modules = tuple(module.id for module in curriculum.modules if module.id in chosen)
        if quiz is None:
            return cls(modules, None, bool(module_ids))
        quiz_id = _quiz_id(curriculum, quiz)
        if quiz_id != EXAM_ID:
            module_id = next(m.id for m in curriculum.modules if curriculum.module_slug(m) == quiz_id)
            if module_id not in chosen:
                raise NmiLearnError(f"quiz {quiz!r} is on module {module_id!r}, which --module did not choose")
            modules = (module_id,)
        return cls(modules, frozenset({quiz_id}), True)

    def has_module(self, module_id: str | None) -> bool:
        return module_id in self.modules

    def wants_quiz(self, quiz_id: str) -> bool:
        return self.quizzes is None or quiz_id in self.quizzes

    @property
    def exam(self) -> bool:
        """The final exam covers every module: made by a whole build, or when asked for by name."""
        return self.quizzes is not None and EXAM_ID in self.quizzes if self.partial else True

    @property
    def practice(self) -> bool:
        """Practice pages come with module material, not with one named quiz."""
        return self.quizzes is None

    def file_suffix(self) -> str:
        """What a partial deck's file name adds to the course's: the chosen modules' ids."""
        return "-" + "-".join(self.modules) if self.partial else ""


def _quiz_id(curriculum: Curriculum, name: str) -> str:
    if name in EXAM_NAMES:
        return EXAM_ID
    for module in curriculum.modules:
        slug = curriculum.module_slug(module)
        if name in (slug, module.id):
            return slug
    names = [EXAM_ID] + [curriculum.module_slug(module) for module in curriculum.modules]
    known = names + [module.id for module in curriculum.modules]
    raise NmiLearnError(f"no quiz {name!r}{_did_you_mean(name, known)}; the quizzes are: {', '.join(names)} "
                        "(a module's id names its quiz too)")


def _did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
