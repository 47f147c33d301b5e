"""Each project's key steps (关键节点) with their acceptance criteria (验收标准).

A step is done once the project has reached the stage that follows it; the new high-end PLC
adds an on-site trial. Closed projects keep only the steps they actually passed.
"""

from __future__ import annotations

from datetime import date, timedelta

from pacer.crm.models import BusinessType, Stage
from pacer.demo.context import Context
from pacer.demo.records import MilestoneRecord, ProjectRecord

RANK = {
    Stage.LEAD: 0,
    Stage.NEEDS: 1,
    Stage.PROPOSAL: 2,
    Stage.NEGOTIATION: 3,
    Stage.WON: 4,
    Stage.LOST: 0,
}
# (name, acceptance criterion, the stage whose arrival marks the step done)
STEPS = (
    ("技术交流", "客户技术负责人确认需求清单（I/O点数、通讯协议、节拍要求）", Stage.NEEDS),
    ("样机试用", "样机在客户产线连续运行72小时无故障，客户出具试用报告", Stage.PROPOSAL),
    ("方案评审", "客户工艺与电气部门签字确认技术方案", Stage.NEGOTIATION),
    ("商务谈判", "报价单经客户采购确认，付款条件达成一致", Stage.WON),
    ("合同签订", "双方盖章合同回传，预付款到账", Stage.WON),
)
TRIAL = "样机试用"


def milestones_for(ctx: Context, project: ProjectRecord, reached: str) -> list[MilestoneRecord]:
    """The steps of ``project``; ``reached`` is the furthest stage it got to.

    Done steps are spread between creation and the reference day (or the closing day);
    an open project's next step falls due around the reference day (some are overdue) and the
    rest are spread up to the expected signing day.
    """
    steps = [s for s in STEPS if s[0] != TRIAL or project.business_type == BusinessType.NEW_PRODUCT]
    done = [s for s in steps if RANK[s[2]] <= RANK[Stage(reached)]]
    pending = [] if project.closed_date else steps[len(done) :]
    end = project.closed_date or project.last_contact_date or ctx.today
    dated: list[tuple[tuple[str, str, str], date, date | None]] = []
    for number, step in enumerate(done, start=1):
        finished = _between(project.created_date, end, number / len(done))
        due = finished + timedelta(days=ctx.rng.randint(-5, 3))
        dated.append((step, due, finished))
    if pending:
        first_due = ctx.today + timedelta(days=ctx.rng.randint(-10, 20))
        first_due = min(first_due, project.expected_sign_date)
        for number, step in enumerate(pending):
            fraction = number / max(1, len(pending) - 1)
            due = _between(first_due, project.expected_sign_date, fraction)
            dated.append((step, due, None))
    return [
        MilestoneRecord(
            key=ctx.next_key("MS", width=5),
            project=project.key,
            name=name,
            due_date=due,
            done_date=finished,
            acceptance=acceptance,
            owner=project.owner,
        )
        for (name, acceptance, _), due, finished in dated
    ]


def _between(start: date, end: date, fraction: float) -> date:
    if end <= start:
        return end
    return start + timedelta(days=round((end - start).days * fraction))
