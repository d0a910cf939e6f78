"""The labs of the guided demos (``web/demos/``) and of the exercise pages: the computations
around a lesson that are not training a model, one module per page (one for all the exercise
pages), answered through the ``open_lab`` and ``lab`` calls.

A lab is a class. ``open_lab {lab, params}`` makes one with ``params`` as keywords and keeps it
in a session; ``lab {session, call, args}`` calls one of the methods its ``calls`` lists with
``args`` as keywords, and answers what it returns (numpy values become lists and numbers).
The pages' models train through ``create``/``step`` like the playground's; labs hold the rest:
data made for a lesson, formulas to compare with, the state of a grid world being solved.
"""

from .anomaly import AnomalyLab
from .digits import DigitsLab
from .exercises import ExercisesLab
from .grid_world import GridWorldLab
from .housing import HousingLab
from .pca import DigitsPCALab
from .picture import PictureLab
from .text_colors import TextColorsLab

LABS = {
    "anomaly": AnomalyLab,
    "digits": DigitsLab,
    "digits_pca": DigitsPCALab,
    "exercises": ExercisesLab,
    "grid_world": GridWorldLab,
    "housing": HousingLab,
    "picture": PictureLab,
    "text_colors": TextColorsLab,
}


def open_lab(name, params):
    """A new lab ``name`` (a key of ``LABS``) made with the keywords ``params``."""
    cls = LABS.get(name)
    if cls is None:
        raise ValueError("Unknown lab %r. Known labs: %s." % (name, ", ".join(sorted(LABS))))
    if not isinstance(params, dict):
        raise TypeError("params must be a JSON object of the %s lab's keywords, got %s." % (name, type(params).__name__))
    return cls(**params)


def call_lab(lab, call, args):
    """``lab.<call>(**args)``, for a method the lab lists in ``calls``."""
    if call not in type(lab).calls:
        raise ValueError("The %s has no call %r. Its calls: %s." % (type(lab).__name__, call, ", ".join(type(lab).calls)))
    if not isinstance(args, dict):
        raise TypeError("args must be a JSON object of %s's keywords, got %s." % (call, type(args).__name__))
    return getattr(lab, call)(**args)
