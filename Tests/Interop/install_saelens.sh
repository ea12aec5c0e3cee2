#!/usr/bin/env bash
# Installs sae-lens VERSION in its own venv, for Tests/Interop/check_saelens.py (which .ci/run runs
# with every venv it finds under ROOT). PyPI only; about 9 minutes and 6 GB each on a 2-core machine
# (torch comes from PyPI with its CUDA libraries), which is why CI does not install it itself.
#
#   Tests/Interop/install_saelens.sh 6.54.12 [ROOT]   # ROOT: $SAE_SAELENS_VENVS or ~/.cache/sae-curriculum/saelens
set -euo pipefail
version=${1:?usage: install_saelens.sh VERSION [ROOT]}
root=${2:-${SAE_SAELENS_VENVS:-$HOME/.cache/sae-curriculum/saelens}}
python3 -m venv "$root/$version"
"$root/$version/bin/pip" install --quiet --upgrade pip
pins=()
# sae-lens 5 keeps NumPy below 2, and pyarrow 18 and later need NumPy 2.
[[ $version == 5.* ]] && pins=("pyarrow<18")
"$root/$version/bin/pip" install --quiet "sae-lens==$version" "${pins[@]}"
"$root/$version/bin/python" -c "import sae_lens, torch; print('sae-lens', sae_lens.__version__, 'torch', torch.__version__)"
