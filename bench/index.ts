// `npm run bench`: runs every benchmark and prints one line per figure. `npm run bench -- NAME...`
// runs only the suites whose title contains one of the names.
import { benchReload } from "./agent.js";
import { benchAudit, benchReceive, benchSimulate } from "./audit.js";
import { benchImmutable } from "./immutable.js";
import { benchK8sAudit } from "./k8s-audit.js";
import { benchOutputs } from "./outputs.js";
import { benchProbe } from "./probe.js";
import { type BenchResult, benchEvaluate, benchLoad } from "./rules-engine.js";
import { benchScap } from "./scap.js";
import { benchSyscall } from "./syscall.js";

const suites: [string, () => BenchResult[] | Promise<BenchResult[]>][] = [
  ["rules engine: load", benchLoad],
  ["rules engine: evaluate", benchEvaluate],
  ["agent: reload", benchReload],
  ["k8s audit source", benchK8sAudit],
  ["scap reader", benchScap],
  ["syscall source", benchSyscall],
  ["audit policy: explain", benchAudit],
  ["audit policy: simulate", () => benchSimulate()],
  ["audit receive", benchReceive],
  ["immutable: scan", benchImmutable],
  ["outputs", benchOutputs],
  ["live probe", benchProbe],
];

const only = process.argv.slice(2);
const fmt = (n: number) => (n >= 1000 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1));
for (const [title, run] of suites) {
  if (only.length > 0 && !only.some((o) => title.includes(o))) continue;
  console.log(`# ${title}`);
  for (const r of await run()) {
    console.log(`${r.name}: ${fmt(r.value)} ${r.unit}${r.target ? ` (target ${r.target})` : ""}`);
  }
}
