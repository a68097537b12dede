#!/usr/bin/env python3
"""Generate the synthetic demo business for the identity-resolution project.

Writes the 13 raw tables of docs/source-contract.md (one file per table, named after the
table, every column as text) plus ``truth_identifiers`` (identifier_type, identifier_value,
person_key, persona_key, device_key): the true owner(s) of every valid identifier that
appears in the raw tables, in CANONICAL form.

    python scripts/generate_demo_data.py --persons 100000 --seed 42 --out data/demo

The code lives in the package scripts/demo_data/ (world model, one writer per raw table, the
person-record noise, the command line); its docstring describes the design. This file is the
entry point that other scripts and the tests call, and re-exports the package's public names.
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_data import *  # noqa: E402,F401,F403  (the public names, see demo_data.__all__)
from demo_data import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
