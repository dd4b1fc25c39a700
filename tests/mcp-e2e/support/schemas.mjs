// JSON Schema checks with Ajv in strict mode on the 2020-12 dialect, the default dialect of MCP schemas.
// Union types (["string", "null"]) are standard JSON Schema; strict mode only asks that they be allowed.
import Ajv2020 from 'ajv/dist/2020.js';

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });

/** Compiles a schema; strict mode rejects unknown keywords and malformed schemas. */
export function compile(schema) {
  return ajv.compile(schema);
}

export function errorsOf(validate) {
  return ajv.errorsText(validate.errors);
}
