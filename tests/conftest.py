import sys
from pathlib import Path

# Lets test modules in subfolders share `factories` without making tests a package.
sys.path.insert(0, str(Path(__file__).parent))
