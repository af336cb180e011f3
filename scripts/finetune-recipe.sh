# The fine-tuning recipe of the accurate tier (candidate E in eval/RESULTS.md), sourced by
# scripts/setup-accurate.sh and eval/genre-5fold-accurate.sh so that the tier is trained exactly
# as it was cross-validated: four roles with the weak stance rule, 32 WordPieces of context,
# 3 epochs, batch 16, lr 5e-5, seed 1, CPU autocast. THREADS sets libtorch's threads.
# shellcheck shell=bash
finetune_recipe=(--weak-stance --epochs 3 --batch-size 16 --context 32 --seed 1
                 --learning-rate 5e-5 --autocast --threads "${THREADS:-$(nproc)}")
