"""Tables that span the project (the permission table, the accessibility scan) take rows from
each app, so an app adds its pages without editing the shared test modules."""

import importlib
import pkgutil
from types import ModuleType

from django.apps import apps


def app_test_modules(name: str) -> list[ModuleType]:
    """`<app>.tests.<name>` and `<app>.tests.<name>_<anything>` of every Navigator app, so
    that several people can each add rows to the same table from their own module."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("navigator."):
            continue
        package = f"{config.name}.tests"
        try:
            tests = importlib.import_module(package)
        except ModuleNotFoundError as error:
            if error.name != package:
                raise
            continue
        found = sorted(
            info.name
            for info in pkgutil.iter_modules(tests.__path__)
            if info.name == name or info.name.startswith(f"{name}_")
        )
        modules.extend(importlib.import_module(f"{package}.{module}") for module in found)
    return modules
