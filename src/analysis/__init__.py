"""Conflict news -> claims dataset, signed actor network and reproducible reports.

The package is a DAG of stages (corpus -> actors -> claims -> relations -> network), each a
pure function of its inputs; the CLI (`python -m analysis`) and the notebooks sit on top.
"""

__version__ = "0.1.0"
