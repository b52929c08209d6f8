#!/usr/bin/env bash
# Builds libFuzzer targets (see Fuzz/targets) into .build-fuzz/TARGET:
#
#   Fuzz/build.sh TARGET|all
#
# SwiftPM cannot build fuzzers, so this calls swiftc directly: the library modules a target needs
# (e.g. GSL) are built once as static libraries with their .swiftmodule, then the target's entry
# file, its extra sources and every Swift file of its module are compiled into one executable,
# with -sanitize=fuzzer,address. Nothing is rebuilt unless a source is newer than what was built
# or the flags or the target's module, libraries or extra sources changed.
# Environment: SWIFTC (default swiftc), FUZZ_OPT (default -O -assert-config Debug), NICE (default nice -n 19).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/.build-fuzz
swiftc=${SWIFTC:-swiftc}
# -assert-config Debug keeps the standard library's debug checks (e.g. a negative offset into an
# UnsafeRawBufferPointer) that -O otherwise drops, and the messages of failed preconditions.
read -r -a opt <<<"${FUZZ_OPT:--O -assert-config Debug}"
read -r -a nice <<<"${NICE:-nice -n 19}"
# The C modules (module maps) of the package, for `import CGSL` / `import CZlib`.
includes=(-I "$root/Sources/CGSL" -I "$root/Sources/CZlib" -I "$out/modules")
flags=(-swift-version 6 -parse-as-library "${opt[@]}" -g -sanitize=fuzzer,address -use-ld=lld)
links=(-L "$out/lib" -lgsl -lopenblas -lz)

usage() { echo "usage: Fuzz/build.sh TARGET|all (targets: $(targets | tr '\n' ' '))" >&2; exit 2; }
targets() { awk '!/^#/ && NF { print $1 }' Fuzz/targets; }
field() { awk -v t="$1" -v n="$2" '!/^#/ && $1 == t { print $n }' Fuzz/targets; }
swift_sources() { find "$root/Sources/$1" -name '*.swift' | LC_ALL=C sort; }

# Runs a command, showing its output without the linker's noise about ASan's local symbols.
run() {
    local log status=0
    log=$(mktemp)
    "$@" >"$log" 2>&1 || status=$?
    grep -v "warning: Cannot export local symbol" "$log" >&2 || true
    rm -f "$log"
    return "$status"
}

# True when $1 is missing, older than any of the remaining files, or was built with another
# configuration (compiler and flags, the target's module, libraries and extra sources) than
# $configuration; each build records its configuration in $1.config.
stale() {
    local product=$1; shift
    local file result=1
    if [[ ! -e $product || $(cat "$product.config" 2>/dev/null) != "$configuration" ]]; then
        result=0
    else
        for file in "$@"; do [[ $file -nt $product ]] && { result=0; break; }; done
    fi
    return "$result"
}

build_library() {
    local module=$1 archive=$out/lib/lib$1.a sources
    mapfile -t sources < <(swift_sources "$module")
    local configuration="$swiftc ${flags[*]} ${includes[*]}"
    stale "$archive" "${sources[@]}" || return 0
    echo "building library $module" >&2
    mkdir -p "$out/lib" "$out/modules" "$out/obj/$module"
    (cd "$out/obj/$module" && run "${nice[@]}" "$swiftc" "${flags[@]}" "${includes[@]}" -module-name "$module" \
        -emit-module -emit-module-path "$out/modules/$module.swiftmodule" -emit-library -static \
        -o "$archive" "${sources[@]}") || { rm -f "$archive"; echo "build of library $module failed" >&2; exit 1; }
    echo "$configuration" >"$archive.config"
}

build_target() {
    local target=$1 module libraries extras extra_list library_list extra
    module=$(field "$target" 2)
    [[ -n $module ]] || usage
    libraries=$(field "$target" 3)
    extras=$(field "$target" 5)
    local sources=("$root/Fuzz/$target.swift") library_args=() library
    if [[ $extras != - ]]; then
        IFS=, read -r -a extra_list <<<"$extras"
        for extra in "${extra_list[@]}"; do sources+=("$root/Fuzz/$extra"); done
    fi
    mapfile -t -O "${#sources[@]}" sources < <(swift_sources "$module")
    local dependencies=("${sources[@]}")
    local configuration="$swiftc ${flags[*]} ${includes[*]} ${links[*]} | $(awk -v t="$target" '!/^#/ && $1 == t { print $1, $2, $3, $5 }' Fuzz/targets)"
    if [[ $libraries != - ]]; then
        IFS=, read -r -a library_list <<<"$libraries"
        for library in "${library_list[@]}"; do
            build_library "$library"
            library_args+=("-l$library")
            dependencies+=("$out/lib/lib$library.a")
        done
    fi
    stale "$out/$target" "${dependencies[@]}" || { echo "$target is up to date: .build-fuzz/$target" >&2; return 0; }
    echo "building $target (module $module)" >&2
    mkdir -p "$out/obj/$target"
    rm -f "$out/$target"
    (cd "$out/obj/$target" && run "${nice[@]}" "$swiftc" "${flags[@]}" "${includes[@]}" -module-name "$module" \
        -o "$out/$target" "${sources[@]}" "${library_args[@]}" "${links[@]}") || { echo "build of $target failed" >&2; exit 1; }
    echo "$configuration" >"$out/$target.config"
    echo "built .build-fuzz/$target" >&2
}

[[ $# -eq 1 ]] || usage
if [[ $1 == all ]]; then
    for target in $(targets); do build_target "$target"; done
else
    build_target "$1"
fi
