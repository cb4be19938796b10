// Regenerates shared/risk/featureParity.expected.json (run only when the feature function changes on purpose):
//   npx tsx ml/cli/writeParityFixture.ts
import { writeFileSync } from "node:fs";
import { PARITY_CASES } from "../../shared/risk/featureParity.fixture";
import { computeRiskFeatures } from "../../shared/risk/features";

const expected = PARITY_CASES.map((input) => computeRiskFeatures(input).vector);
const file = new URL("../../shared/risk/featureParity.expected.json", import.meta.url).pathname;
writeFileSync(file, `${JSON.stringify(expected, null, 2)}\n`);
console.log(`wrote ${expected.length} feature vectors to ${file}`);
