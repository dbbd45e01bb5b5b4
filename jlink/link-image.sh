#!/usr/bin/env bash
# Links the capa runtime image.
#
#   link-image.sh JAVA_HOME APP_MODULES_DIR EXAMPLE_PLUGINS_DIR OUTPUT_DIR
#
# APP_MODULES_DIR holds capa's modules and the libraries they need (Maven copies them there).
# Libraries that are automatic modules get the descriptor kept in jlink/module-info/<module>/,
# so that every module in the image is explicit. The image gets bin/capa (jlink/bin/capa) and
# a modules/ directory for plugin JARs, seeded with the example plugins, and lib/capa.aot, the
# AOT cache that bin/capa starts with (docs/performance.md has the measurements behind it).
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

# Libraries compiled for Java 5 (picocli) would stay out of the AOT cache; see the tool.
"$bin/java" "$here/tools/ModernizeClassFiles.java" "$app_modules"/*.jar

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

# The AOT cache: one training JVM runs the commands operators start most and writes, at its
# exit, every class they loaded, linked, plus the module graph and method profiles. It runs
# with the launcher's own module and options, in an empty directory and with no capa settings
# in the environment, so that what it trains is the image alone. The plugins.lock it is given
# trusts nothing installed: it is there so that the TOML reader is in the cache too.
mkdir -p "$work/training/config"
cat >"$work/training/plugins.lock" <<'LOCK'
version = 1

[[plugins]]
id = "capa.training.not_installed"
package = "capa.training"
version = "1.0.0"
entry_point = "capa.training/capa.training.NotInstalled"
distribution_hash = "sha256:0000000000000000000000000000000000000000000000000000000000000000"
LOCK
if ! (cd "$work/training" &&
      env -u CAPA_MODULES -u CAPA_PLUGIN_MODE -u CAPA_PLUGINS_LOCK -u JAVA_TOOL_OPTIONS \
        XDG_CONFIG_HOME="$work/training/config" \
        "$out/bin/java" -XX:AOTCacheOutput="$out/lib/capa.aot" \
          "-Dcapa.home=$out" -m capa.cli/capa.cli.AotTraining \
          --version :: --help :: plugins --help :: plugins list --help :: run --help \
          :: describe capa.builtin.free_run \
          :: plugins list \
          :: plugins list --modules "$out/modules" --plugin-mode production \
             --plugins-lock "$work/training/plugins.lock" \
      ) >"$work/training.log" 2>&1 || [ ! -s "$out/lib/capa.aot" ]; then
  cat "$work/training.log" >&2
  echo "link-image: the AOT cache training run failed (log above)" >&2
  exit 1
fi
echo "link-image: AOT cache at $out/lib/capa.aot ($(du -sh "$out/lib/capa.aot" | cut -f1)); image now $(du -sh "$out" | cut -f1)"
