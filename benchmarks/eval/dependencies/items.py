"""The projects of the dependency evaluation set, written for it: each a folder of files and a notebook.

`files` maps a path inside the project to its text; `cells` are the notebook's code cells; `labels` the
kinds a reviewer would report (`undeclared`: an import the project declares nowhere; `installs`: a cell
that installs packages). Every project is its own git repository (build.py adds `.git`).
"""

CONDA_SPEC = """# platform: linux-64
@EXPLICIT
https://conda.anaconda.org/conda-forge/linux-64/numpy-1.26.4-py311h64a7726_0.conda
https://conda.anaconda.org/conda-forge/linux-64/pandas-2.2.1-py311h320fe9a_0.conda
"""

STEP_OUT_AND_BACK = ("import os\npath = os.getcwd()\nos.chdir(os.path.join('..', 'notebook_format'))\n"
                     "from fmt_helpers import load_style\nload_style()")

ITEMS = [
    # -- an import is declared nowhere ------------------------------------------------------------
    {"name": "requirements_missing_one", "files": {"requirements.txt": "pandas==2.2.1\n"},
     "cells": ["import pandas as pd", "import lightgbm as lgb\nmodel = lgb.LGBMClassifier()"],
     "labels": ["undeclared"]},
    {"name": "dockerfile_missing_one", "files": {"Dockerfile": "FROM python:3.11\nRUN pip install torch==2.2.0\n"},
     "cells": ["import torch", "from transformers import AutoModel"], "labels": ["undeclared"]},
    {"name": "conda_spec_missing_one", "files": {"spec-file.txt": CONDA_SPEC},
     "cells": ["import numpy as np\nimport seaborn as sns"], "labels": ["undeclared"]},
    {"name": "setup_py_variable_missing_one",
     "files": {"setup.py": "from setuptools import setup\nREQUIRED = ['numpy>=1.24']\n"
                           "setup(name='x', install_requires=REQUIRED)\n"},
     "cells": ["import numpy as np", "import statsmodels.api as sm"], "labels": ["undeclared"]},
    {"name": "back_from_chdir_missing_one", "files": {"requirements.txt": "pandas==2.2.1\n"},
     "cells": [STEP_OUT_AND_BACK, "os.chdir(path)\nimport pandas as pd\nimport lightfm"],
     "labels": ["undeclared"]},
    {"name": "sys_path_src_missing_one", "files": {"requirements.txt": "pandas==2.2.1\n", "src/features/__init__.py": ""},
     "cells": ["import sys\nsys.path.append('src')\nfrom features import build", "import polars as pl"],
     "labels": ["undeclared"]},
    {"name": "no_dependency_file", "files": {}, "cells": ["import pandas as pd"], "labels": ["undeclared"]},
    {"name": "environment_yml_missing_one",
     "files": {"environment.yml": "name: x\ndependencies:\n  - python=3.11\n  - pandas=2.2\n  - pip\n  - pip:\n"
                                  "    - optuna==3.6\n"},
     "cells": ["import pandas as pd, optuna", "from sklearn.linear_model import Ridge"], "labels": ["undeclared"]},
    {"name": "unpinned_install_in_cell", "files": {"requirements.txt": "pandas==2.2.1\n"},
     "cells": ["!pip install shap", "import pandas as pd\nimport shap"], "labels": ["undeclared", "installs"]},
    {"name": "renamed_imports_one_missing",
     "files": {"requirements.txt": "opencv-python-headless==4.9.0.80\nPyYAML==6.0.1\n"},
     "cells": ["import cv2, yaml", "from bs4 import BeautifulSoup"], "labels": ["undeclared"]},

    # -- everything is declared somewhere ---------------------------------------------------------
    {"name": "dockerfile_copied_requirements",
     "files": {"Dockerfile": "FROM python:3.11-slim\nCOPY docker-reqs.txt /tmp/\n"
                             "RUN pip install --no-cache-dir \\\n    -r /tmp/docker-reqs.txt\n",
               "docker-reqs.txt": "lightgbm==4.3.0\n"},
     "cells": ["import lightgbm"], "labels": []},
    {"name": "conda_spec_file", "files": {"spec-file.txt": CONDA_SPEC},
     "cells": ["import numpy as np\nimport pandas as pd"], "labels": []},
    {"name": "conda_explicit_as_requirements", "files": {"requirements.txt": CONDA_SPEC},
     "cells": ["import numpy as np"], "labels": []},
    {"name": "setup_py_reads_a_file",
     "files": {"setup.py": "from setuptools import setup\nwith open('deps/base.txt') as f:\n"
                           "    required = f.read().splitlines()\nsetup(name='x', install_requires=required)\n",
               "deps/base.txt": "scipy==1.12\n"},
     "cells": ["from scipy import stats"], "labels": []},
    {"name": "setup_cfg_file_directive",
     "files": {"setup.cfg": "[metadata]\nname = x\n[options]\ninstall_requires = file: deps.txt\n",
               "deps.txt": "requests==2.31\n"},
     "cells": ["import requests"], "labels": []},
    {"name": "pyproject_dynamic_dependencies",
     "files": {"pyproject.toml": '[project]\nname = "x"\ndynamic = ["dependencies"]\n'
                                '[tool.setuptools.dynamic]\ndependencies = {file = ["deps.txt"]}\n',
               "deps.txt": "httpx==0.27\n"},
     "cells": ["import httpx"], "labels": []},
    {"name": "environment_yml_pip_file",
     "files": {"environment.yml": "dependencies:\n  - pip\n  - pip:\n    - -r pip-deps.txt\n",
               "pip-deps.txt": "xgboost==2.0.3\n"},
     "cells": ["import xgboost as xgb"], "labels": []},
    {"name": "pinned_install_in_cell", "files": {"requirements.txt": "pandas==2.2.1\n"},
     "cells": ["%pip install -q polars==1.0.0", "import pandas as pd\nimport polars as pl"], "labels": ["installs"]},
    {"name": "binder_post_build",
     "files": {"binder/requirements.txt": "pandas==2.2.1\n", "binder/postBuild": "#!/bin/bash\npip install altair==5.0\n"},
     "cells": ["import pandas as pd\nimport altair as alt"], "labels": []},
    {"name": "back_from_chdir_all_declared", "files": {"requirements.txt": "pandas==2.2.1\nlightfm==1.17\n"},
     "cells": [STEP_OUT_AND_BACK, "os.chdir(path)\nimport pandas as pd\nimport lightfm"], "labels": []},
    {"name": "local_module_after_sys_path",
     "files": {"requirements.txt": "numpy==1.26.4\n", "lib/plotting_helpers.py": ""},
     "cells": ["import sys\nsys.path.insert(0, 'lib')\nimport plotting_helpers", "import numpy as np"], "labels": []},
    {"name": "standard_library_of_other_pythons", "files": {"requirements.txt": "numpy==1.26.4\n"},
     "cells": ["import imp, asyncore, tomllib\nimport numpy as np"], "labels": []},
    {"name": "colab_only_install", "files": {"requirements.txt": "pandas==2.2.1\n"},
     "cells": ["import sys\nif 'google.colab' in sys.modules:\n    !pip install pandas==2.2.1", "import pandas as pd"],
     "labels": []},
    {"name": "installs_the_requirements_file", "files": {"requirements.txt": "pandas==2.2.1\n"},
     "cells": ["!pip install -r requirements.txt", "import pandas as pd"], "labels": ["installs"]},
]
