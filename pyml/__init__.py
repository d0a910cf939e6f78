"""pyml: the classic machine-learning course as small, readable numpy code.

Every model follows the scikit-learn conventions (``fit`` returns self, ``predict``,
``score``, fitted attributes end in ``_``), and iterative ones train step by step with
``fit_iter`` so that a page can draw them learning.
"""

__version__ = "0.1.0"

from . import datasets, metrics
from .base import DivergenceError, NotFittedError, Step, clone
from .interop import from_sklearn, to_sklearn
from .io import load, save
from .linear_model import LinearRegression, LogisticRegression
from .model_selection import train_test_split
from .preprocessing import PolynomialFeatures, StandardScaler

# Algorithm families (one module each).
from .anomaly import GaussianAnomalyDetector
from .cluster import KMeans
from .decomposition import PCA
from .naive_bayes import GaussianNB
from .neighbors import KNeighborsClassifier, KNeighborsRegressor
from .neural_network import MLPClassifier, MLPRegressor
from .svm import SVC
from .tree import DecisionTreeClassifier, DecisionTreeRegressor
from . import rl

__all__ = [
    "DecisionTreeClassifier",
    "DecisionTreeRegressor",
    "DivergenceError",
    "GaussianAnomalyDetector",
    "GaussianNB",
    "KMeans",
    "KNeighborsClassifier",
    "KNeighborsRegressor",
    "LinearRegression",
    "LogisticRegression",
    "MLPClassifier",
    "MLPRegressor",
    "NotFittedError",
    "PCA",
    "PolynomialFeatures",
    "SVC",
    "StandardScaler",
    "Step",
    "clone",
    "datasets",
    "from_sklearn",
    "load",
    "metrics",
    "rl",
    "save",
    "to_sklearn",
    "train_test_split",
]
