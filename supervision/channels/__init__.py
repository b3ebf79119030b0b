"""Message channels set per department by the office: DingTalk / 浙政钉 and 企业微信 robots, webhooks, SMS."""
