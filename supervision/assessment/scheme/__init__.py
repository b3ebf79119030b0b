"""The assessment scheme (评分细则): its document, checks and names."""
