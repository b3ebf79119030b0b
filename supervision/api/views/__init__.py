from flask_smorest import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1", description="健康杭州任务督办系统数据接口（第 1 版）")
