"""Check the audit trail against its keys and its checkpoints; keep the checkpoints up to date.

Output is English: it is read by operators and their monitoring, not by family supporters.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from brug.core.audit import CheckpointError, checkpoints_dump, checkpoints_load, verify_chains


class Command(BaseCommand):
    help = (
        "Check every network's audit chain (keyed hashes, links, heads) and compare it with "
        "the checkpoints kept outside the database; when all is intact, write new checkpoints. "
        "Exits non-zero when anything was tampered with."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints",
            metavar="PATH",
            default=settings.AUDIT_CHECKPOINT_FILE,
            help="checkpoint file, outside the database (default: $AUDIT_CHECKPOINT_FILE)",
        )
        parser.add_argument(
            "--init",
            action="store_true",
            help="the checkpoint file does not exist yet: write the first one",
        )
        parser.add_argument(
            "--no-write",
            action="store_true",
            help="only check; leave the checkpoint file as it is",
        )

    def handle(self, *args, checkpoints: str, init: bool, no_write: bool, **options):
        path = Path(checkpoints) if checkpoints else None
        saved = self._read(path, init)
        ends, problems = verify_chains(saved)
        for problem in problems[:50]:
            self.stderr.write(str(problem))
        total = sum(end.count for end in ends.values())
        if problems:
            raise CommandError(
                f"Audit trail NOT intact: {len(problems)} problem(s) in {total} events of "
                f"{len(ends)} chain(s). The checkpoint file was left as it was."
            )
        self.stdout.write(f"Audit trail intact: {total} events in {len(ends)} chain(s) checked.")
        if path is None:
            self.stdout.write(self.style.WARNING(
                "No checkpoint file (--checkpoints or AUDIT_CHECKPOINT_FILE): a cut tail or a "
                "deleted trail cannot be detected without one."
            ))
        elif not no_write:
            _write_atomically(path, checkpoints_dump(ends))
            self.stdout.write(f"Checkpoints written to {path}.")

    def _read(self, path: Path | None, init: bool):
        if path is None:
            return None
        if not path.exists():
            if init:
                return None
            raise CommandError(
                f"Checkpoint file {path} does not exist. If this is the first check, run again "
                "with --init; otherwise it was removed: restore it from its copy."
            )
        if init:
            raise CommandError(f"--init given, but checkpoint file {path} already exists.")
        try:
            return checkpoints_load(path.read_text(encoding="utf-8"))
        except (OSError, CheckpointError) as exc:
            raise CommandError(f"Checkpoint file {path}: {exc}") from exc


def _write_atomically(path: Path, text: str) -> None:
    """A crash while writing leaves the previous checkpoints, never half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
