"""Vectors computed on the library lane in slices that make way for other library work."""

from dataclasses import replace

from onboard.core.kb import KnowledgeBase
from onboard.gui import jobs
from onboard.gui.giving_way import GivingWayRun
from onboard.gui.tasks import BACKGROUND, TaskRunner


class EmbeddingRun(GivingWayRun):
    """Computes every missing vector. When other library work is queued (a page save, an
    import, a change of metadata), the current slice stops after its batch and the rest
    follows behind that work: nothing waits for a long embedding. The counts in its
    progress go on across slices; the summary counts the vectors of all slices."""

    def __init__(self, runner: TaskRunner, kb: KnowledgeBase, *, name: str) -> None:
        """kb: the library lane's knowledge base; name: German label of each slice's task."""
        counted: dict[str, int] = {}  # per pass, vectors of the slices so far
        super().__init__(
            runner,
            lambda stop: jobs.compute_embeddings(kb, cancel=stop, counted=counted),
            name=name,
            level=BACKGROUND,
        )

    def merged(
        self, earlier: jobs.LibrarySummary, later: jobs.LibrarySummary
    ) -> jobs.LibrarySummary:
        """Vectors of both slices; documents and collections as now."""
        return replace(later, embedded=earlier.embedded + later.embedded)
