// tests/sarif/validate.mjs - validates SARIF logs against the OASIS SARIF
// 2.1.0 JSON schema (sarif-schema-2.1.0.json beside this file, JSON Schema
// draft-04) with ajv, its formats (uri, uri-reference, date-time) checked.
// Usage: node validate.mjs FILE...   Exit status 0 when every FILE is valid.
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { readFileSync } from "node:fs";

const schema = JSON.parse(readFileSync(new URL("./sarif-schema-2.1.0.json", import.meta.url), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let invalid = 0;
for (const file of process.argv.slice(2)) {
  let log;
  try {
    log = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`sarif: ${file}: not JSON: ${e.message}`);
    invalid++;
    continue;
  }
  if (validate(log)) {
    const run = log.runs[0];
    console.log(`sarif: ${file}: valid SARIF 2.1.0 (${run.tool.driver.rules.length} rules, ` +
                `${run.results.length} results, ${run.artifacts.length} artifacts)`);
  } else {
    invalid++;
    console.error(`sarif: ${file}: not valid SARIF 2.1.0:`);
    for (const e of validate.errors.slice(0, 20))
      console.error(`  ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
process.exit(invalid ? 1 : 0);
