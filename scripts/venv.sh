# Sourced by ./run and ./test (which set -euo pipefail). Messages go to stderr; the running
# count of packages only when stderr is a terminal.

say() { printf '%s\n' "$*" >&2; }

# pip's output boiled down to one line that counts the packages as pip resolves them,
# then says it is installing them; all of it kept in the log file "$1".
pip_progress() {
  local log="$1" n=0 line name tty="" installed=0
  [ -t 2 ] && tty=1
  : >"$log"
  while IFS= read -r line; do
    printf '%s\n' "$line" >>"$log"
    case "$line" in
      Collecting\ *|Processing\ *|Requirement\ already\ satisfied:\ *)
        n=$((n + 1))
        if [ -n "$tty" ]; then
          name="${line#* }"; name="${name#already satisfied: }"; name="${name%% *}"
          name="${name##*/}"; name="${name%%[<>=!~;[(]*}"; name="${name%%-[0-9]*}"
          printf '\r\033[K      %d packages found (%s)' "$n" "${name:0:40}" >&2
        fi ;;
      Installing\ collected\ packages:*)
        if [ -n "$tty" ]; then
          printf '\r\033[K      %d packages found; installing them' "$n" >&2
        fi ;;
      Successfully\ installed\ *)
        set -- $line
        installed=$(($# - 2)) ;;
    esac
  done
  if [ -n "$tty" ]; then printf '\r\033[K' >&2; fi
  if [ "$installed" -gt 0 ]; then say "      $installed packages installed"; fi
}

# Create .venv and install the project into it when pyproject.toml changed.
ensure_venv() {
  local extras="$1"
  local stamp=".venv/.installed${extras}" log=".venv/pip-install.log"
  if [ ! -x .venv/bin/python ]; then
    say "[1/3] creating .venv"
    python3 -m venv .venv
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "[2/3] updating pip in .venv"
    # a newer pip if one can be had; the venv's own installs the rest as well
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    say "[3/3] installing the console's dependencies${extras:+ and test tools}" \
        "(the first time: about a minute; pip's output in $log)"
    if ! PYTHONUNBUFFERED=1 .venv/bin/python -m pip install --progress-bar off \
           -e ".${extras}" 2>&1 | pip_progress "$log"; then
      say "pip could not install them; the end of $log:"
      tail -n 25 "$log" >&2
      return 1
    fi
    touch "$stamp"
  fi
}

# The browser test (tests/test_serve.py) drives Debian's chromium. Install it when it is
# missing and apt-get may be used (root): best effort, never failing the run; without a
# browser that test skips and says why.
ensure_chromium() {
  if [ -n "${ICES_CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 \
     || command -v chromium-browser >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    return 0
  fi
  say "installing chromium for the browser test (apt-get, once)"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -y -q)
  { "${apt[@]}" install chromium || { "${apt[@]}" update && "${apt[@]}" install chromium; }
  } </dev/null >/dev/null 2>&1 \
    || say "      chromium could not be installed: the browser test will skip"
  return 0
}
