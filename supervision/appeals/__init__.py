"""复核 (appeals) of published assessment results, 公示 and 终审."""
