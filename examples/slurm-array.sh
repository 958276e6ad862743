#!/bin/bash
# Render every course in courses/ as a Slurm job array of N shards, then join them.
#
#   sbatch --array=1-4 examples/slurm-array.sh            # four shards, one task each
#   sbatch --dependency=afterok:<job id> --wrap \
#     '.venv/bin/zigzag merge shards/* --out renders && .venv/bin/zigzag render --all --course courses/ --out renders'
#
# Every array task plans the whole render and keeps its share (--shard K/N): the tasks need no
# coordination. They must see the same output folders (here: none yet, or the same shared one), so
# that they compute the same split. Run `make setup` once on the shared file system first.
#SBATCH --job-name=zigzag
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=02:00:00
#SBATCH --output=shards/%A_%a.log
set -euo pipefail
cd "${SLURM_SUBMIT_DIR:-.}"
mkdir -p shards
shards="${SLURM_ARRAY_TASK_COUNT:?run with sbatch --array=1-N}"
index="${SLURM_ARRAY_TASK_ID:?run with sbatch --array=1-N}"
exec .venv/bin/zigzag render --all --course courses/ -j "${SLURM_CPUS_PER_TASK:-1}" \
    --shard "${index}/${shards}" --out "shards/${index}"
