"""Use cases: the only layer that joins files (io) with meaning (core, rules, rollup). The doors (cli, excel)
call these and nothing below them that touches a file."""
