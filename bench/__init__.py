"""Benchmark harness for jupyter-sdk: kernel round trips of several clients side by side.

Run ``python bench/run.py --help`` (or ``bash bench/run.sh``); see ``bench/README.md``.
"""
