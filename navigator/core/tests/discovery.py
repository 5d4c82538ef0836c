"""Tables that span the project (the permission table, the accessibility scan) take rows from
each app, so an app adds its pages without editing the shared test modules."""

import importlib
from types import ModuleType

from django.apps import apps


def app_test_modules(name: str) -> list[ModuleType]:
    """`<app>.tests.<name>` of every Navigator app that has one."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("navigator."):
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.tests.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tests.{name}":
                raise
    return modules
