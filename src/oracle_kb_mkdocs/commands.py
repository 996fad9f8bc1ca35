"""`oracle-kb serve`, `oracle-kb build` and `oracle-kb init`: the site commands of the CLI (loaded lazily, so
that `oracle-kb check` never imports MkDocs).

serve and build use the working folder's mkdocs.yml when there is one, else the package's default site
configuration (`site_config.py`); an ORACLE_DIR argument reaches the oracle-kb plugin or hooks as
ORACLE_KB_DIR, which outranks the plugin's options and the configuration file.
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from oracle_kb.config import ENV_ORACLE_DIR, ConfigError, find_config_file, load_config

from .site_config import default_config, find_oracle

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
log = logging.getLogger("mkdocs.oracle_kb.commands")


def run(args) -> int:
    if args.command == "init":
        from .scaffold import init

        return init(Path.cwd(), args.oracle_dir, source=args.source, out=sys.stdout)
    from mkdocs.exceptions import Abort, MkDocsException

    _quiet_vendor_notices()
    _log_to_stderr()
    try:
        with _oracle_env(args.oracle_dir):
            config = _mkdocs_settings(Path.cwd(), args.oracle_dir)
            return _serve(config, args) if args.command == "serve" else _build(config, args)
    except Abort as exc:  # the build stopped (warnings under --strict, or an error): MkDocs has logged why
        print(f"oracle-kb: {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    except MkDocsException as exc:  # a configuration or plugin error, with its own message
        print(f"oracle-kb: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _mkdocs_settings(cwd: Path, oracle_arg: str | None) -> dict:
    """The working folder's mkdocs.yml, else the default configuration for the oracle the command means."""
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if (cwd / name).is_file():
            log.info("oracle-kb: using %s", name)
            return {"config_file": str(cwd / name)}
    oracle = Path(os.environ[ENV_ORACLE_DIR]) if oracle_arg else _configured_oracle(cwd)
    os.environ[ENV_ORACLE_DIR] = str(oracle)  # inside _oracle_env: restored afterwards
    log.info("oracle-kb: no mkdocs.yml here: the default site configuration, for %s", os.path.relpath(oracle, cwd))
    return default_config(cwd, oracle)


def _configured_oracle(cwd: Path) -> Path:
    """The oracle of the configuration file or ORACLE_KB_DIR; without either, the one oracle found here."""
    found_config = find_config_file(cwd)
    if os.environ.get(ENV_ORACLE_DIR) or (found_config and {"oracle-dir", "oracle_dir"} & set(found_config[1])):
        return _existing(load_config(cwd=cwd).oracle_dir)
    found = find_oracle(cwd)
    if len(found) == 1:
        return found[0]
    if not found:
        raise ConfigError(
            "no oracle here (no SKILL.md in this folder, in .claude/skills/*/ or in */): "
            "give its folder, e.g. `oracle-kb serve .claude/skills/NAME`"
        )
    names = ", ".join(os.path.relpath(p, cwd) for p in found)
    raise ConfigError(
        f"several oracles here ({names}): give the folder of one, e.g. `oracle-kb serve {names.split(', ')[0]}`"
    )


def _existing(folder: Path) -> Path:
    if not folder.is_dir():
        raise ConfigError(f"{folder}: oracle folder not found")
    return folder


@contextmanager
def _oracle_env(oracle_arg: str | None):
    """ORACLE_KB_DIR set to the ORACLE_DIR argument (the command line outranks every setting) for the run."""
    before = os.environ.get(ENV_ORACLE_DIR)
    if oracle_arg is not None:
        os.environ[ENV_ORACLE_DIR] = str(_existing(Path(oracle_arg).resolve()))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENV_ORACLE_DIR, None)
        else:
            os.environ[ENV_ORACLE_DIR] = before


def _build(settings: dict, args) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs

    site_dir = str(Path(args.site_dir).resolve()) if args.site_dir else None
    config = load_mkdocs(**settings, site_dir=site_dir, strict=args.strict or None)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    print(f"oracle-kb: site written to {os.path.relpath(config.site_dir)}", file=sys.stderr)
    return EXIT_OK


def _serve(settings: dict, args) -> int:
    from mkdocs.commands.serve import serve

    # MkDocs logs "Serving on http://…" once the server listens; the line below says what is coming first.
    addr = args.dev_addr or _configured_addr(settings)
    print(f"oracle-kb: building the site, then serving it at http://{addr}/ (Ctrl+C stops)", file=sys.stderr)
    try:
        # --dirty: a save re-renders only the pages it affects (incremental.py decides which)
        serve(**settings, dev_addr=args.dev_addr, strict=args.strict or None, build_type="dirty")
    except OSError as exc:  # the address is taken or cannot be bound
        print(
            f"oracle-kb: cannot serve on {addr}: {exc.strerror or exc} (choose another: -a 127.0.0.1:PORT)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return EXIT_OK


def _configured_addr(settings: dict) -> str:
    import yaml

    try:
        with open(settings["config_file"], encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError):
        data = None
    addr = data.get("dev_addr") if isinstance(data, dict) else None
    return str(addr or "127.0.0.1:8000")


def _log_to_stderr() -> None:
    """MkDocs' messages (findings, warnings, the server's address) as `mkdocs` prints them."""
    logger = logging.getLogger("mkdocs")
    if any(getattr(h, "name", "") == "oracle-kb" for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.name = "oracle-kb"
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _quiet_vendor_notices() -> None:
    """The theme's banner about MkDocs 2.0 concerns versions this package excludes (mkdocs<2)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
