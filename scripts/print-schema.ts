import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printGatewaySchema } from '../resolvers/build-schema';

/** Writes the SDL clients and CI rely on: `npm run schema:print`. */
async function main(): Promise<void> {
  const target = join(__dirname, '..', 'schema', 'schema.graphql');
  writeFileSync(target, await printGatewaySchema());
  console.log(`wrote ${target}`);
}

void main();
