import pytest

from supervision.config import ConfigError
from tests.conftest import make_test_app
from tests.helpers import csrf_token, login, make_user


def test_healthz_reports_database_and_pdf_support(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["database"] == "ok"
    assert set(body["pdf"]) == {"cjk_font", "harfbuzz_subset"}


def test_healthz_answers_503_when_the_database_is_unreachable():
    app = make_test_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_pages_answer_a_chinese_503_when_the_database_is_unreachable():
    app = make_test_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    client = app.test_client()
    token = csrf_token(client)  # the login form itself needs no database
    response = client.post("/auth/login", data={"username": "a", "password": "b", "csrf_token": token})
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "服务暂时不可用" in html and "Traceback" not in html


def test_unknown_page_is_a_chinese_404(client):
    make_user()
    login(client, "office1")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "页面不存在" in response.get_data(as_text=True)


def test_home_needs_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_production_refuses_a_weak_key_or_debug(monkeypatch):
    monkeypatch.setenv("SUPERVISION_ENV", "production")
    with pytest.raises(ConfigError):
        make_test_app(SECRET_KEY="dev")
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError):
        make_test_app(SECRET_KEY="x" * 40)
    monkeypatch.delenv("FLASK_DEBUG")
    assert make_test_app(SECRET_KEY="k" * 40).config["SESSION_COOKIE_SECURE"] is True


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    from supervision.config import load_config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_config(tmp_path)["SECRET_KEY"]
    second = load_config(tmp_path)["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
