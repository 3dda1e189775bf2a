"""Gongkai (公开): a platform for Chinese government information disclosure (政务公开)."""

__version__ = "0.1.0"
