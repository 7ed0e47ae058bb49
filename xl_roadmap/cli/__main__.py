from xl_roadmap.cli import run

run()
