"""The e-mail channel: SMTP with plain-text and HTML parts, refusals and unknown outcomes told apart."""

from __future__ import annotations

import smtplib
import ssl
from contextlib import suppress
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, formatdate, parseaddr
from urllib.parse import urlsplit

from flask import current_app

from supervision.reminders.delivery.channel import UNKNOWN_OUTCOME, DeliveryError, Envelope

SMTP_TIMEOUT = 30


def build_email(envelope: Envelope, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = envelope.subject
    message["From"] = sender
    message["To"] = formataddr((envelope.display_name, envelope.address or ""))
    message["Date"] = formatdate(localtime=True)
    # The same key always gives the same Message-ID, so mail systems can recognise a manual resend.
    domain = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    message["Message-ID"] = f"<{envelope.key.replace(':', '.')}@{domain}>"
    if envelope.request_id:
        message["X-Request-Id"] = envelope.request_id
    message.set_content(envelope.body_text)
    if envelope.body_html:
        message.add_alternative(envelope.body_html, subtype="html")
    return message


def _connect(config) -> smtplib.SMTP:
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT)
    try:
        smtp.ehlo_or_helo_if_needed()
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
    return f"{error.smtp_code} {text}"


def send_email(envelope: Envelope) -> None:
    config = current_app.config
    if not envelope.address:
        raise DeliveryError("收件人没有电子邮件地址。", retry=False)
    sender = config["MAIL_DEFAULT_SENDER"]
    raw = build_email(envelope, sender).as_bytes(policy=SMTP)
    try:
        smtp = _connect(config)
    except smtplib.SMTPResponseException as error:
        raise DeliveryError(f"邮件服务器拒绝连接或登录：{_reply(error)}", retry=True) from error
    except OSError as error:
        raise DeliveryError(
            f"无法连接邮件服务器 {config['MAIL_SERVER']}:{config['MAIL_PORT']}：{error}", retry=True
        ) from error
    try:
        try:
            for command, argument in (("mail", parseaddr(sender)[1]), ("rcpt", envelope.address)):
                code, reply = getattr(smtp, command)(argument)
                if code not in (250, 251):
                    raise smtplib.SMTPResponseException(code, reply)
        except smtplib.SMTPResponseException as error:
            raise DeliveryError(f"邮件服务器拒绝：{_reply(error)}", retry=error.smtp_code < 500) from error
        except OSError as error:
            raise DeliveryError(f"与邮件服务器的连接中断：{error}", retry=True) from error
        try:
            code, reply = smtp.data(raw)  # raises only when DATA itself is refused, not the message
            if code != 250:
                raise smtplib.SMTPDataError(code, reply)
        except smtplib.SMTPResponseException as error:
            raise DeliveryError(f"邮件服务器拒收：{_reply(error)}", retry=error.smtp_code < 500) from error
        except OSError as error:
            raise DeliveryError(f"发送正文时连接中断（{error}）{UNKNOWN_OUTCOME}", retry=False) from error
    finally:
        with suppress(OSError):
            smtp.quit()
        smtp.close()
