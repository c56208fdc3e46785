#!/usr/bin/env bash
# Shows that the build fails when the API breaks semantic versioning (docs/versioning.md), on a copy of the
# committed tree: it "releases" org.enginetls.api as 1.0.0 into a scratch local repository, then builds the
# next version three times against that release:
#   unchanged                                         -> passes
#   an incompatible change (a parameter added to a method of AsyncCallback), versions as they were -> fails
#   a compatible addition (a new class in org.enginetls.async), versions as they were              -> fails
#   the same addition with org.enginetls.async at 1.1.0 and the bundle at 1.1.0                    -> passes
# Offline; the scratch repository reads everything else from ~/.m2/repository (maven.repo.local.tail) and
# nothing is installed there. A few minutes. Usage: cnf/baseline-selftest.sh
set -euo pipefail

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/src"
git -C "$root" archive HEAD | tar -x -C "$work/src"
cd "$work/src"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
current=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' pom.xml | head -1)
async=provider/api/src/main/java/org/enginetls/async

build() { # goal version -> the build's exit code; its output in $work/log
    find . -name pom.xml -exec sed -i "s#<version>$current</version>#<version>$2</version>#" {} +
    current=$2
    rm -rf provider/api/target/baseline
    ./mvnw -B -o -Dmaven.repo.local="$work/m2" -Dmaven.repo.local.tail="$HOME/.m2/repository" \
        -pl provider/api -am -DskipTests "$1" > "$work/log" 2>&1
}
expect() { # pass|fail description goal version
    local code=0
    build "$3" "$4" || code=$?
    if { [ "$1" = pass ] && [ $code -eq 0 ]; } || { [ "$1" = fail ] && [ $code -ne 0 ] && grep -q 'Baseline problems detected' "$work/log"; }; then
        echo "ok   $2: build ${1}ed"
        grep -h '^\*' provider/api/target/baseline/*.txt 2>/dev/null | sed 's/^/       /' || true
    else
        echo "FAIL $2: expected the build to $1 (exit $code)"; tail -40 "$work/log"; exit 1
    fi
}

expect pass "release 1.0.0 (nothing to compare with yet)" install 1.0.0
expect pass "1.0.1-SNAPSHOT unchanged" verify 1.0.1-SNAPSHOT

cp "$async/AsyncCallback.java" "$work/AsyncCallback.java"
sed -i 's#boolean onAsyncReady(SSLEngine engine, Object arg);#boolean onAsyncReady(SSLEngine engine, Object arg, AsyncStatus status);#' "$async/AsyncCallback.java"
expect fail "incompatible change, org.enginetls.async still 1.0.0" verify 1.0.1-SNAPSHOT
cp "$work/AsyncCallback.java" "$async/AsyncCallback.java"

printf 'package org.enginetls.async;\n\n/** An addition. */\npublic final class AsyncAddition {\n}\n' > "$async/AsyncAddition.java"
expect fail "compatible addition, org.enginetls.async still 1.0.0" verify 1.0.1-SNAPSHOT
sed -i 's#@Version("1.0.0")#@Version("1.1.0")#' "$async/package-info.java"
expect pass "compatible addition, org.enginetls.async 1.1.0, bundle 1.1.0" verify 1.1.0-SNAPSHOT
