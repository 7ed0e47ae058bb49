"""The one thing pyproject.toml cannot say: the top-level ``macros/`` folder (the VBA sources, edited where the
design puts them) is shipped inside the package as ``xl_roadmap/macros``. ``[tool.setuptools.packages.find]``
only finds folders under their own names, so the packages are listed here, with that one mapped in.
Everything else (metadata, dependencies, package data) is in pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["xl_roadmap*"]), "xl_roadmap.macros"],
      package_dir={"xl_roadmap.macros": "macros"})
