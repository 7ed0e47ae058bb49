"""Validation: findings, the rule registry, the checks, the report and the plan of the «Проверка» sheet."""
