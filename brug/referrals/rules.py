"""Programme rules on who may refer (practice rules §3).

Hook for the trajectories app: a programme (GO-team, VONK, ...) says which organisations may
refer families into it. Until programmes exist, everyone with the right to change the dossier
may refer. Replace the body of `may_refer` — keep the signature — when `Programme` lands.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleDecision:
    allowed: bool
    reason: str = ""


def may_refer(*, actor, family, service) -> RuleDecision:
    """May `actor` refer `family` to `service` under the programme rules? (Always yes for now.)"""
    return RuleDecision(True)
