"""Tasks (督办事项): the supervised work items of a plan and their departments (交办)."""
