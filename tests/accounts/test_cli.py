from sqlalchemy import select

from supervision.accounts.models import User
from tests.helpers import login, make_department


def test_user_create_reads_password_from_stdin_and_can_log_in(app, runner, db):
    make_department("市卫生健康委", aliases=("市卫健委",))
    result = runner.invoke(
        args=[
            "user",
            "create",
            "--username",
            "wang",
            "--department",
            "市卫健委",
            "--role",
            "liaison",
            "--email",
            "wang@example.org",
            "--password-stdin",
        ],
        input="Secret-Pass1\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "wang"))
    assert user.department.name == "市卫生健康委" and user.roles == {"liaison"}
    assert user.password_hash != "Secret-Pass1" and user.password_hash.startswith("scrypt:")
    assert login(app.test_client(), "wang", "Secret-Pass1").status_code == 303


def test_user_create_with_unknown_department_or_role_fails_clearly(runner, db):
    make_department()
    result = runner.invoke(
        args=[
            "user",
            "create",
            "--username",
            "li",
            "--department",
            "不存在的局",
            "--role",
            "liaison",
            "--password-stdin",
        ],
        input="Secret-Pass1\n",
    )
    assert result.exit_code != 0 and "部门“不存在的局”不存在" in result.output
    result = runner.invoke(
        args=[
            "user",
            "create",
            "--username",
            "li",
            "--department",
            "市卫生健康委",
            "--role",
            "boss",
            "--password-stdin",
        ],
        input="Secret-Pass1\n",
    )
    assert result.exit_code != 0 and "未知角色“boss”" in result.output
    assert db.session.scalar(select(User).where(User.username == "li")) is None


def test_user_list_set_password_and_deactivate(app, runner, db):
    make_department()
    runner.invoke(
        args=[
            "user",
            "create",
            "--username",
            "zhao",
            "--department",
            "市卫生健康委",
            "--role",
            "leader",
            "--password-stdin",
        ],
        input="Secret-Pass1\n",
    )
    assert "zhao" in runner.invoke(args=["user", "list"]).output
    result = runner.invoke(
        args=["user", "set-password", "--username", "zhao", "--password-stdin"], input="Other-Pass22\n"
    )
    assert result.exit_code == 0, result.output
    assert login(app.test_client(), "zhao", "Other-Pass22").status_code == 303
    assert runner.invoke(args=["user", "deactivate", "--username", "zhao"]).exit_code == 0
    assert "停用" in runner.invoke(args=["user", "list"]).output
