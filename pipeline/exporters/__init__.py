"""Exporters: dossiers, pivot, products and changes as JSON, CSV and XLSX files."""

from pipeline.exporters.base import Exporter, atomic_target, open_atomic
from pipeline.exporters.bundle import ExportBundle
from pipeline.exporters.registry import EXPORTERS, available_formats, export, exporter_for, register

__all__ = [
    "EXPORTERS",
    "ExportBundle",
    "Exporter",
    "atomic_target",
    "available_formats",
    "export",
    "exporter_for",
    "open_atomic",
    "register",
]
