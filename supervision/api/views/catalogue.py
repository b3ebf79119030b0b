"""Read endpoints: plans, tasks with their departments, milestones with their lights."""

from __future__ import annotations

from supervision.api import queries
from supervision.api.schemas import ListArgs, MilestonePage, PlanPage, TaskArgs, TaskPage, TaskSchema
from supervision.api.views import bp
from supervision.clock import today


@bp.route("/plans")
@bp.etag
@bp.arguments(ListArgs, location="query")
@bp.response(200, PlanPage)
def list_plans(args):
    """规划列表"""
    return queries.plans(args)


@bp.route("/tasks")
@bp.etag
@bp.arguments(TaskArgs, location="query")
@bp.response(200, TaskPage)
def list_tasks(args):
    """任务列表（含牵头、配合部门）；可按规划、部门、年度、更新时间筛选"""
    return queries.tasks(args)


@bp.route("/tasks/<int:task_id>")
@bp.etag
@bp.response(200, TaskSchema)
@bp.alt_response(404, description="任务不存在")
def get_task(task_id: int):
    """单个任务"""
    return queries.task_or_404(task_id)


@bp.route("/milestones")
@bp.etag
@bp.arguments(TaskArgs, location="query")
@bp.response(200, MilestonePage)
def list_milestones(args):
    """节点列表（含红黄绿灯与报告状态）"""
    return queries.milestones(args, today())
