"""Annual assessment (年度考核): schemes, scores, ranking, grades and scorecards."""
