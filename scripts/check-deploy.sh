#!/usr/bin/env bash
# Checks deploy/ with what runs on a machine without a container engine or a Kubernetes cluster:
#   1. yamllint on the manifests;
#   2. every Kubernetes object against the API's OpenAPI schema, and the Dockerfile with a Dockerfile validator
#      (tools/deploy-check, pinned npm packages);
#   3. kubectl kustomize renders the manifests (when kubectl is installed);
#   4. every path the Dockerfile copies exists and is not excluded by .dockerignore;
#   5. the Dockerfile's web stage and build step, run here: the performance pack's page is built and the host
#      published with the same commands, from a copy of exactly the files the Dockerfile copies, and the page is found
#      beside the published host.
# It does not build or run the image, nor apply anything to a cluster.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite.sh"
source "$(dirname "${BASH_SOURCE[0]}")/debian.sh"

manifests="$repo_root/deploy/kubernetes"
dockerfile="$repo_root/deploy/Dockerfile"

echo "== yamllint"
ensure_debian_command yamllint yamllint
yamllint -c "$manifests/.yamllint" "$manifests" && echo "ok   no problems"

echo "== schemas and Dockerfile syntax"
ensure_npm_tools deploy-check "the deploy checks"
node "$repo_root/tools/deploy-check/check.mjs" "$manifests" "$dockerfile"

if command -v kubectl >/dev/null; then
  echo "== kubectl kustomize"
  kubectl kustomize "$manifests" >/dev/null && echo "ok   renders"
fi

echo "== Dockerfile sources"
context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
sources=$(awk '/^COPY / && !/--from=/ { for (i = 2; i < NF; i++) print $i }' "$dockerfile")
for source in $sources; do
  path="${source%/}"
  [ -e "$repo_root/$path" ] || { echo "FAIL COPY $source: not in the repository" >&2; exit 1; }
  if grep -qxF "$path/" "$repo_root/.dockerignore" || grep -qxF "$path" "$repo_root/.dockerignore"; then
    echo "FAIL COPY $source: excluded by .dockerignore" >&2
    exit 1
  fi
  # The build context as Docker would send it: without the build output .dockerignore leaves out.
  mkdir -p "$context/$(dirname "$path")"
  cp -r "$repo_root/$path" "$context/$(dirname "$path")/"
  echo "ok   COPY $source"
done
find "$context" -type d \( -name bin -o -name obj -o -name node_modules -o -name dist \) -prune -exec rm -rf {} +

echo "== the Dockerfile's web stage, from those files only"
npm_ci=$(grep -oE '^\s+npm ci .*' "$dockerfile")
vite_build=$(grep -o 'PACK_OUT_DIR=/pack npm run .*' "$dockerfile" | sed "s#=/pack#=$context/pack#")
(cd "$context/web" && eval "$npm_ci" && eval "$vite_build")
echo "ok   page built: $(find "$context/pack" -type f | wc -l) files"
# The build stage copies the built page, not web/.
rm -rf "$context/web"

echo "== the Dockerfile's publish step, from those files only"
publish=$(grep -o 'dotnet publish .*' "$dockerfile" | sed -e 's# -o /app# -o out#' -e "s#PackBuilt=/pack/#PackBuilt=$context/pack/#")
(cd "$context" && eval "$publish" -v quiet -nologo)
for file in PartnershipHub.Host.dll appsettings.json pack/index.html pack/sign-in.html; do
  [ -f "$context/out/$file" ] || { echo "FAIL publish produced no $file" >&2; exit 1; }
done
echo "ok   published: $(du -sh "$context/out" | cut -f1) in $(find "$context/out" -type f | wc -l) files"
