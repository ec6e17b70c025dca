// Offline checks of deploy/, run by scripts/check-deploy.sh:
// - every Kubernetes object in the manifests folder against the OpenAPI schema of its apiVersion and kind, as
//   published by Kubernetes and packaged by kubernetes-models (types, formats, required fields; it does not reject
//   unknown fields);
// - the Dockerfile with dockerfile-utils' validator (the one behind editors' Dockerfile support).
// Usage: node check.mjs MANIFESTS_FOLDER DOCKERFILE. Exits 1 on any problem.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { validate as lintDockerfile } from "dockerfile-utils";

const [manifests, dockerfile] = process.argv.slice(2);
let problems = 0;
const fail = (message) => {
  problems++;
  console.log(`FAIL ${message}`);
};

for (const file of readdirSync(manifests).filter((f) => f.endsWith(".yaml")).sort()) {
  for (const document of parseAllDocuments(readFileSync(join(manifests, file), "utf8"))) {
    if (document.errors.length > 0) {
      fail(`${file}: ${document.errors.map((e) => e.message).join("; ")}`);
      continue;
    }

    const object = document.toJS();
    if (!object || object.kind === "Kustomization") {
      continue;
    }

    const label = `${file}: ${object.apiVersion} ${object.kind} ${object.metadata?.name ?? "(no name)"}`;
    let model;
    try {
      model = (await import(`kubernetes-models/${object.apiVersion}`))[object.kind];
    } catch {
      model = undefined;
    }

    if (!model) {
      fail(`${label}: no schema for this apiVersion and kind`);
      continue;
    }

    try {
      new model(object).validate();
      console.log(`ok   ${label}`);
    } catch (error) {
      fail(`${label}: ${error.message}`);
    }
  }
}

const diagnostics = lintDockerfile(readFileSync(dockerfile, "utf8"));
for (const d of diagnostics) {
  fail(`${dockerfile}:${d.range.start.line + 1}: ${d.message}`);
}
if (diagnostics.length === 0) {
  console.log(`ok   ${dockerfile}: no problems found by dockerfile-utils`);
}

process.exit(problems === 0 ? 0 : 1);
