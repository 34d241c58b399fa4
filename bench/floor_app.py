"""The floor of this stack: a minimal Typer app that appends one fsynced line.

bench/run.py times medlog's `take` against this: same interpreter, same Typer,
the same kind of write, and nothing else.
"""

import os
import sys
from typing import Annotated

import typer

app = typer.Typer(add_completion=False)


@app.command()
def take(name: Annotated[str, typer.Argument()], path: Annotated[str, typer.Option()]) -> None:
    """Append one line naming NAME to PATH and fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f'{{"item":"{name}"}}\n'.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    sys.stdout.write(f"Logged {name}.\n")


if __name__ == "__main__":
    app()
