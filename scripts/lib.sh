# Shared by scripts/check-release.sh and scripts/check-reproducible.sh (sourced, not run).

# copy_worktree ROOT DEST: copies the checkout at ROOT to DEST (created): tracked and untracked
# files, uncommitted changes included, without .git, target/ or anything .gitignore names, so
# that a build in DEST sees the sources as they are and leaves ROOT's target/ alone.
copy_worktree() {
  local from=$1 to=$2
  mkdir -p "$to"
  if git -C "$from" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$from" && git ls-files -z --cached --others --exclude-standard |
      while IFS= read -r -d '' f; do if [[ -f "$f" ]]; then printf '%s\0' "$f"; fi; done |
      tar --null -T - -cf -) | tar -xf - -C "$to"
  else
    (cd "$from" && tar --exclude=./.git --exclude=target -cf - .) | tar -xf - -C "$to"
  fi
}
