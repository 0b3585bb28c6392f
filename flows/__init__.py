"""Prefect 3 flows: thin wrappers that run the pipeline's plain functions on a schedule.

One module per stage (``poll``, ``crawl``, ``extract``, ``digest``) and ``daily`` for the
whole chain. Tasks pass database URLs and file paths, never sessions; every task opens
the knowledge base itself, so any worker on any host can run any task.
"""
