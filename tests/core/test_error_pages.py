"""Error pages: a signed-in user keeps the navigation bar; a visitor who is not signed in gets the plain page."""

from tests.helpers import login, make_user


def _has_nav(html: str) -> bool:
    return 'aria-label="主导航"' in html and "任务查询" in html and "退出" in html


def test_a_404_for_a_signed_in_user_has_the_navigation(client):
    make_user("office1", ("office",))
    login(client, "office1")
    response = client.get("/no/such/page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "页面不存在" in html
    assert _has_nav(html)
    assert "favicon.svg" in html


def test_a_404_for_a_visitor_has_no_navigation(client):
    response = client.get("/no/such/page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "页面不存在" in html
    assert not _has_nav(html) and "返回首页" in html


def test_a_403_keeps_the_navigation(client):
    make_user("liaison1", ("liaison",))
    login(client, "liaison1")
    response = client.get("/work/overview")
    html = response.get_data(as_text=True)
    assert response.status_code == 403 and "无权访问" in html
    assert _has_nav(html) and "我的任务" in html


def test_a_500_keeps_the_navigation_and_shows_no_traceback(app, client, monkeypatch):
    make_user("office1", ("office",))
    login(client, "office1")

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setitem(app.view_functions, "tasks.tasks", broken)
    response = client.get("/tasks/")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "系统错误" in html
    assert _has_nav(html) and "Traceback" not in html and "boom" not in html


def test_the_favicon_is_served(client):
    with client.get("/static/favicon.svg") as response:
        assert response.status_code == 200 and b"<svg" in response.data
