"""What every command shares: settings, the application and read side, dates, and error output."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar

import click

from domain.errors import DomainError
from services.application import Ledger
from services.readside import ReadSide
from services.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(ctx: click.Context) -> None:
    """TTHC Ledger — sổ theo dõi thủ tục hành chính nội bộ (thống kê, công bố, rà soát, đơn giản hóa)."""
    ctx.obj = Settings.from_env()


def settings() -> Settings:
    return click.get_current_context().find_root().obj or Settings.from_env()


@contextmanager
def opened(inline: bool = True) -> Iterator[tuple[Ledger, ReadSide]]:
    app = Ledger(settings())
    read = ReadSide(app, inline=inline)
    try:
        yield app, read
    finally:
        read.close()
        app.close()


def friendly(command: F) -> F:
    """A rule the ledger refuses is printed as its Vietnamese message (exit 2), never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DomainError as error:
            click.secho(f"Lỗi: {error.message}", fg="red", err=True)
            sys.exit(2)
        except (OSError, ValueError) as error:
            click.secho(f"Lỗi: {error}", fg="red", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


class DateType(click.ParamType):
    """28/12/2022 or 2022-12-28."""

    name = "ngày"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                continue
        self.fail(f"«{value}» không phải ngày hợp lệ (dạng 28/12/2022 hoặc 2022-12-28).", param, ctx)


DATE = DateType()


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain text table whose columns line up for Vietnamese text (NFC, one cell per character)."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)), line]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)
