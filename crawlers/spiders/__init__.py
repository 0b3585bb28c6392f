"""Spiders, one per way of discovering or fetching articles (not one per site)."""
