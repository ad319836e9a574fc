// `lanner immutable scan` speed: the kubernetes-examples corpus repeated to 10,000 objects, scanned end to
// end (parse, check, locate every finding at its line), split into parse and checks, and end to end with
// the `yaml` package alone (what the fast reader saves).
import path from "node:path";
import {
  type ManifestDocument,
  type ManifestSource,
  parseManifestSource,
  readManifestSources,
} from "../src/immutable/input.js";
import { scanDocuments, scanSources } from "../src/immutable/scan.js";
import type { BenchResult } from "./rules-engine.js";

const corpus = path.resolve(process.cwd(), "../shared/k8s/manifests/kubernetes-examples");
const TARGET_OBJECTS = 10_000;

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The corpus files repeated until they hold at least 10,000 objects. */
function repeatedCorpus(): { sources: ManifestSource[]; objects: number } {
  const files = readManifestSources([corpus]);
  const perFile = files.map((f) => scanSources([f]).objects.length);
  const sources: ManifestSource[] = [];
  let objects = 0;
  for (let i = 0; objects < TARGET_OBJECTS; i++) {
    const k = i % files.length;
    const f = files[k] as ManifestSource;
    sources.push({ name: `${f.name}#${Math.floor(i / files.length)}`, content: f.content });
    objects += perFile[k] as number;
  }
  return { sources, objects };
}

function best(runs: number, fn: () => void): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, seconds(t0));
  }
  return min;
}

/** Objects scanned per second: end to end, and checks only (documents parsed beforehand). */
export function benchImmutable(): BenchResult[] {
  const { sources, objects } = repeatedCorpus();
  let workloads = 0;
  let findings = 0;
  const full = best(3, () => {
    const r = scanSources(sources);
    workloads = r.objects.filter((o) => o.workload).length;
    findings = r.objects.reduce((n, o) => n + o.findings.length, 0);
  });
  const docs: ManifestDocument[] = sources.flatMap((s) => parseManifestSource(s).documents);
  const checks = best(3, () => {
    scanDocuments(docs);
  });
  const parse = best(3, () => {
    for (const s of sources) parseManifestSource(s);
  });
  const yamlOnly = best(1, () => {
    scanSources(sources, { parser: "yaml" });
  });
  return [
    {
      name: `immutable scan, end to end (parse + checks + positions): ${objects} objects, ${workloads} workloads, ${findings} findings`,
      value: objects / full,
      unit: "objects/s",
      target: ">= 5,000 objects/s",
    },
    { name: "immutable scan, end to end: workloads", value: workloads / full, unit: "workloads/s" },
    {
      name: "immutable scan, checks + positions only (documents parsed beforehand)",
      value: objects / checks,
      unit: "objects/s",
    },
    {
      name: "immutable scan, parse only (fast reader, yaml for the rest)",
      value: objects / parse,
      unit: "objects/s",
    },
    {
      name: "immutable scan, end to end with the yaml package only",
      value: objects / yamlOnly,
      unit: "objects/s",
    },
  ];
}
