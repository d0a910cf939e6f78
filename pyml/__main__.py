"""``python -m pyml convert MODEL.joblib -o model.json``, and back: model files between scikit-learn and pyml.

A ``.joblib``, ``.pkl`` or ``.pickle`` file holds a fitted scikit-learn estimator (written by
``joblib.dump``); a ``.json`` file a pyml model (written by ``pyml.save``). The input's extension
chooses the direction. Loading a joblib or pickle file runs code stored in it: convert only
files you made or trust.
"""

import argparse
import os
import sys

SKLEARN_EXTENSIONS = (".joblib", ".pkl", ".pickle")


def convert(source, output, force=False):
    """Convert the model file ``source`` into ``output``; return a line saying what was done."""
    from . import from_sklearn, load, save, to_sklearn

    source_kind, output_kind = _kind(source, "input"), _kind(output, "output (-o)")
    if source_kind == output_kind:
        raise ValueError(
            "%s and %s are both %s files; convert a scikit-learn file (%s) into a pyml .json file, or the "
            "reverse." % (source, output, source_kind, ", ".join(SKLEARN_EXTENSIONS))
        )
    if os.path.exists(output) and not force:
        raise ValueError("%s exists already; choose another -o, or add --force to replace it." % output)
    if source_kind == "scikit-learn":
        import joblib  # installed with scikit-learn

        estimator = joblib.load(source)
        text = save(from_sklearn(estimator))
        with open(output, "w", encoding="utf-8") as file:
            file.write(text)
        return "Wrote the pyml %s to %s." % (type(estimator).__name__, output)
    with open(source, encoding="utf-8") as file:
        model = load(file.read())
    estimator = to_sklearn(model)
    import joblib

    joblib.dump(estimator, output)
    return "Wrote the scikit-learn %s to %s." % (type(estimator).__name__, output)


def _kind(path, role):
    extension = os.path.splitext(path)[1].lower()
    if extension in SKLEARN_EXTENSIONS:
        return "scikit-learn"
    if extension == ".json":
        return "pyml"
    raise ValueError(
        "The %s %s has no known extension: use .json for a pyml model, or %s for a scikit-learn one."
        % (role, path, ", ".join(SKLEARN_EXTENSIONS))
    )


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m pyml", description="pyml's command-line tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    converter = commands.add_parser(
        "convert",
        help="convert a model file between scikit-learn (.joblib) and pyml (.json)",
        description="Convert a fitted scikit-learn model (.joblib, .pkl, .pickle) into a pyml model file "
        "(.json) that the playground's 'Load a model file' opens, or a pyml model file into a "
        "scikit-learn one. Loading a joblib or pickle file runs code stored in it: convert only "
        "files you made or trust.",
    )
    converter.add_argument("source", help="the model file to convert")
    converter.add_argument("-o", "--output", required=True, help="the file to write")
    converter.add_argument("--force", action="store_true", help="replace the output file if it exists")
    args = parser.parse_args(argv)
    try:
        print(convert(args.source, args.output, args.force))
    except (ValueError, TypeError, ImportError, OSError) as error:
        print("error: %s" % error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
