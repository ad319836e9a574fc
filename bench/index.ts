// `npm run bench`: runs every benchmark and prints one line per figure.
import { type BenchResult, benchEvaluate, benchLoad } from "./rules-engine.js";

const suites: [string, () => BenchResult[]][] = [
  ["rules engine: load", benchLoad],
  ["rules engine: evaluate", benchEvaluate],
];

const fmt = (n: number) => (n >= 1000 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1));
for (const [title, run] of suites) {
  console.log(`# ${title}`);
  for (const r of run()) {
    console.log(`${r.name}: ${fmt(r.value)} ${r.unit}${r.target ? ` (target ${r.target})` : ""}`);
  }
}
