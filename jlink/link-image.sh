#!/usr/bin/env bash
# Links the capa runtime image.
#
#   link-image.sh JAVA_HOME APP_MODULES_DIR EXAMPLE_PLUGINS_DIR OUTPUT_DIR
#
# APP_MODULES_DIR holds capa's modules and the libraries they need (Maven copies them there).
# Libraries that are automatic modules get the descriptor kept in jlink/module-info/<module>/,
# so that every module in the image is explicit. The image gets bin/capa (jlink/bin/capa) and
# a modules/ directory for plugin JARs, seeded with the example plugins.
set -euo pipefail

java_home=$1 app_modules=$2 example_plugins=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
bin=$java_home/bin

# Give each automatic library module its descriptor, in the copies Maven made.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for jar in "$app_modules"/*.jar; do
  # "jar --describe-module" prints "<name>@<version> automatic" for an automatic module.
  name_version=$("$bin/jar" --describe-module --file "$jar" --release 25 2>/dev/null |
    sed -n 's/^\([A-Za-z0-9_.]*@[^ ]*\) automatic$/\1/p' | head -n 1)
  [ -n "$name_version" ] || continue
  name=${name_version%@*} version=${name_version#*@}
  source=$here/module-info/$name/module-info.java
  if [ ! -f "$source" ]; then
    echo "link-image: $(basename "$jar") is an automatic module ($name) and jlink needs an explicit one;" >&2
    echo "link-image: add its descriptor as jlink/module-info/$name/module-info.java (jdeps --generate-module-info helps)." >&2
    exit 1
  fi
  "$bin/javac" --release 25 -nowarn -d "$work/$name" --module-path "$app_modules" \
      --patch-module "$name=$jar" "$source"
  "$bin/jar" --update --file "$jar" --module-version "$version" -C "$work/$name" module-info.class
done

rm -rf "$out"
"$bin/jlink" \
  --module-path "$app_modules" \
  --add-modules capa.cli,capa.builtin \
  --output "$out" \
  --strip-debug --no-header-files --no-man-pages

install -m 0755 "$here/bin/capa" "$out/bin/capa"
mkdir -p "$out/modules"
install -m 0644 "$here/modules-README.txt" "$out/modules/README.txt"
for plugin in "$example_plugins"/*.jar; do
  [ -e "$plugin" ] || continue
  install -m 0644 "$plugin" "$out/modules/"
done
echo "link-image: capa image at $out ($(du -sh "$out" | cut -f1))"
